/* A task whose read-back found drift: the accounts and amounts, and (admins) "Post a correcting
 * entry" with the offset account chosen from the company's chart; the posted entry is shown with
 * its document number and a link into QuickBooks. */
(function (C) {
  "use strict";

  function link(result) {
    return C.el("a", { href: result.link, target: "_blank", rel: "noopener noreferrer",
      "aria-label": "Open in QuickBooks: journal entry " + result.doc_number + " (opens a new tab)" }, ["Open in QuickBooks"]);
  }

  function posted(result) {
    return C.el("p", { "class": "correction-posted" }, ["Correcting entry " + result.doc_number + " posted, dated " +
      C.date(result.txn_date) + ". ", link(result)]);
  }

  function driftTable(task, id) {
    var rows = task.readback.accounts.map(function (a) {
      return C.el("tr", {}, [C.el("th", { scope: "row", text: a.account }),
        C.el("td", { "class": "num", "data-label": "Classbooks posted", text: C.money(a.expected) }),
        C.el("td", { "class": "num", "data-label": "In QuickBooks", text: C.money(a.in_quickbooks) }),
        C.el("td", { "class": "num", "data-label": "Difference", text: C.money(a.difference) })]);
    });
    return C.el("table", { "class": "stack", id: id + "-table" }, [
      C.el("caption", { text: "Balances that differ (as of " + C.date(task.readback.as_of) + ", debit positive)" }),
      C.el("thead", {}, [C.el("tr", {}, ["Account", "Classbooks posted", "In QuickBooks", "Difference"].map(function (h) {
        return C.el("th", { scope: "col", "class": h === "Account" ? null : "num", text: h });
      }))]), C.el("tbody", {}, rows)]);
  }

  function form(task, id, box) {
    var status = C.el("p", { id: id + "-status", role: "status" });
    var start = C.el("button", { type: "button", "class": "button", text: "Post a correcting entry" });
    var area = C.el("div", { "class": "correction-form" }, [start, status]);
    start.addEventListener("click", function () {
      start.disabled = true;
      status.textContent = "Reading the chart of accounts…";
      C.api("GET", "/tasks/" + encodeURIComponent(task.task_id) + "/correction").then(function (offer) {
        if (offer.correction) { task.correction = offer.correction; area.replaceChildren(posted(offer.correction)); return; }
        var select = C.el("select", { id: id + "-offset", "aria-describedby": id + "-hint" },
          [C.el("option", { value: "", text: "Choose an account" })].concat(offer.choices.map(function (name) {
            return C.el("option", { value: name, text: name, selected: name === offer.suggested });
          })));
        var post = C.el("button", { type: "button", "class": "button primary", text: "Post the correcting entry" });
        area.replaceChildren(C.el("label", { "for": id + "-offset", text: "Offset account" }), select,
          C.el("p", { id: id + "-hint", "class": "muted", text: "The difference is put back to each account above; " +
            "the net goes to this existing income, expense or equity account. The entry is new: nothing posted is edited." }),
          post, status);
        status.textContent = "";
        post.addEventListener("click", function () {
          if (!select.value) { status.textContent = "Choose the offset account first."; select.focus(); return; }
          post.disabled = true;
          status.textContent = "Posting…";
          C.api("POST", "/tasks/" + encodeURIComponent(task.task_id) + "/correction", { offset_account: select.value })
            .then(function (result) {
              task.correction = result;
              area.replaceChildren(posted(result));
              C.banner(result.message);
            }, function (error) { post.disabled = false; status.textContent = C.humanize(error.message); });
        });
        select.focus();
      }, function (error) { start.disabled = false; status.textContent = C.humanize(error.message); });
    });
    return area;
  }

  var shown = {};  // task id → its section: the tasks poll re-renders details, the form keeps its state

  C.driftSection = function (task) {
    var id = "drift-" + task.task_id.replace(/[^A-Za-z0-9_-]/g, "");
    if (shown[id]) return shown[id];
    var box = shown[id] = C.el("section", { "class": "drift", "aria-labelledby": id });
    box.appendChild(C.el("h3", { id: id, text: "Books drift found" }));
    box.appendChild(C.el("p", { text: "QuickBooks no longer holds what Classbooks posted to these accounts " +
      "(an entry was edited or deleted there, or posted by hand)." }));
    box.appendChild(driftTable(task, id));
    if (task.correction) box.appendChild(posted(task.correction));
    else if (C.isAdmin) box.appendChild(form(task, id, box));
    return box;
  };
})(window.Classbooks = window.Classbooks || {});
