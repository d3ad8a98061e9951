/* Merchant Settlement: QuickBooks' balance against the payments not yet paid out (one QBO read,
 * only when the page opens), the difference (must be 0.00), and external-processor payments no
 * payout will cover. */
(function (C) {
  "use strict";
  function row(label, value) {
    return C.el("div", {}, [C.el("dt", { text: label }), C.el("dd", { text: value })]);
  }

  function unpaidTable(items) {
    var rows = items.map(function (u) {
      return C.el("tr", {}, [C.el("td", { "data-label": "Processor", text: C.label(u.processor) }),
        C.el("td", { "data-label": "Date", text: C.date(u.date) }),
        C.el("td", { "data-label": "Amount", "class": "num", text: C.money(u.amount) })]);
    });
    return C.el("table", { "class": "stack" }, [C.el("caption", { text: "Payments not yet paid out" }),
      C.el("thead", {}, [C.el("tr", {}, ["Processor", "Date", "Amount"].map(function (h) {
        return C.el("th", { scope: "col", "class": h === "Amount" ? "num" : null, text: h });
      }))]), C.el("tbody", {}, rows)]);
  }

  C.loadClearing = function () {
    return C.api("GET", "/payouts/clearing").then(function (r) {
      var body = C.$("clearing-body");
      var tied = r.ties_out === true, unknown = r.ties_out === null;
      var verdict = unknown ? (r.message || "QuickBooks' balance could not be read.") :
        tied ? "Merchant Settlement ties out: the difference is 0.00." :
          "Merchant Settlement does not tie out: the difference is " + C.money(r.difference) +
          ". A document in that account was edited, deleted or added by hand in QuickBooks.";
      var list = C.el("dl", { "class": "totals" }, [
        row("Balance in QuickBooks", unknown ? "—" : C.money(r.qbo_balance)),
        row("Payments not yet paid out (ledger)", C.money(r.expected_balance)),
        row("Difference", unknown ? "—" : C.money(r.difference)),
        row("Payouts posted", String((r.payouts_posted || []).length)),
        row("Refunds and returns not yet withheld", C.money(r.refunds_and_returns_not_yet_withheld))]);
      body.replaceChildren(C.el("p", { id: "clearing-summary", role: "status", text: verdict }), list);
      if ((r.unpaid_payments || []).length) body.appendChild(unpaidTable(r.unpaid_payments));
      var external = r.external_never_covered || [];
      if (external.length) {
        body.appendChild(C.el("p", { id: "clearing-external", text: external.length + " external-processor payment" +
          (external.length === 1 ? "" : "s") + " no payout will cover. " + r.external_note }));
      }
      C.show("clearing", true);
    }, function (error) {
      C.$("clearing-body").replaceChildren(C.el("p", { id: "clearing-summary", text: error.message }));
      C.show("clearing", true);
    });
  };
})(window.Classbooks = window.Classbooks || {});
