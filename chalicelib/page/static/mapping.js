/* The "Account mapping" section: which QuickBooks account each revenue category, credit type,
 * refund route and tax name posts to, and the brand in Classbooks' own account names. Saved as
 * one PUT /mapping; QuickBooks' chart is checked first and each refusal shows by its field. */
(function (C) {
  "use strict";
  var CREDITS = ["house", "coupon", "other", "gift_card"], REFUNDS = ["cash", "check", "custom"];
  var view = null, edited = false;  // edited: the admin has typed since the last render or save

  function input(id) { return C.$(id); }
  function pairs(text) {
    var out = {};
    String(text || "").split("\n").forEach(function (line) {
      var at = line.indexOf("=");
      if (at > 0) out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    });
    return out;
  }
  function lines(map) {
    return Object.keys(map || {}).map(function (k) { return k + " = " + map[k]; }).join("\n");
  }

  function render(mapping, saved) {
    if (edited && !saved) return;  // a background refresh never overwrites what the admin is typing
    edited = false;
    view = mapping;
    var m = mapping.mapping, d = mapping.defaults, locked = mapping.locked.length > 0;
    input("map-brand").value = m.brand || ""; input("map-brand").placeholder = d.brand;
    input("map-offset").value = m.opening_offset || "";
    input("map-entries").value = m.first_sync_entries || "lump_sum";
    CREDITS.forEach(function (c) {
      var field = input("map-credit-" + c);
      field.value = m.credit_accounts[c] || ""; field.placeholder = d.credit_accounts[c];
    });
    REFUNDS.forEach(function (p) {
      var field = input("map-refund-" + p);
      field.value = m.refund_accounts[p] || ""; field.placeholder = d.refund_accounts[p];
    });
    input("map-revenue").value = lines(m.revenue_accounts);
    input("map-tax").value = lines(m.tax_accounts);
    input("map-brand").disabled = !C.isAdmin || locked;
    input("map-credit-gift_card").disabled = !C.isAdmin || locked;
    input("map-offset").disabled = !C.isAdmin || locked;
    input("map-entries").disabled = !C.isAdmin || locked;
    document.querySelectorAll("#mapping-form input, #mapping-form textarea, #mapping-form select").forEach(function (node) {
      if (!C.isAdmin) node.disabled = true;
    });
    C.text("mapping-locked", locked ? "A sync has posted: the brand, the gift card account, mapped tax " +
      "accounts and the first sync's choices (opening entry, entries) are fixed (Classbooks ties those balances out). Reset the integration to change them." : "");
    C.show("mapping-locked", locked);
    C.show("mapping", true);
  }

  function clearErrors() {
    C.text("mapping-error", ""); C.show("mapping-error", false);
    document.querySelectorAll("#mapping-form [aria-invalid]").forEach(function (n) { n.removeAttribute("aria-invalid"); });
  }

  function fieldFor(name) {
    var parts = String(name).split(".");
    if (parts[0] === "credit_accounts") return input("map-credit-" + parts[1]);
    if (parts[0] === "refund_accounts") return input("map-refund-" + parts[1]);
    if (parts[0] === "revenue_accounts") return input("map-revenue");
    if (parts[0] === "tax_accounts") return input("map-tax");
    if (parts[0] === "brand") return input("map-brand");
    if (parts[0] === "opening_offset") return input("map-offset");
    if (parts[0] === "first_sync_entries") return input("map-entries");
    return null;
  }

  function showError(error) {
    var box = C.$("mapping-error");
    var items = (error.details || []).map(function (d) {
      var field = fieldFor(d.field);
      if (field) field.setAttribute("aria-invalid", "true");
      return C.el("li", { text: (d.message ? d.field + ": " + d.message : d.field) });
    });
    box.replaceChildren(C.el("p", { text: error.message }), C.el("ul", {}, items));
    C.show(box, true); box.focus();
  }

  function save(event) {
    event.preventDefault();
    clearErrors();
    var body = { brand: input("map-brand").value.trim() || null, opening_offset: input("map-offset").value.trim() || null,
      first_sync_entries: input("map-entries").value, credit_accounts: {}, refund_accounts: {},
      revenue_accounts: pairs(input("map-revenue").value), tax_accounts: pairs(input("map-tax").value) };
    CREDITS.forEach(function (c) { var v = input("map-credit-" + c).value.trim(); if (v) body.credit_accounts[c] = v; });
    REFUNDS.forEach(function (p) { var v = input("map-refund-" + p).value.trim(); if (v) body.refund_accounts[p] = v; });
    C.$("mapping-save").disabled = true;
    C.api("PUT", "/mapping", body).then(function (saved) {
      render(saved, true); C.banner("Account mapping saved. The next sync uses it; nothing already posted changes.");
      if (C.loadPreview) C.loadPreview();
    }, showError).then(function () { C.$("mapping-save").disabled = false; });
  }

  C.loadMapping = function () {
    return C.api("GET", "/mapping").then(render, function (error) { C.show("mapping", false); C.alert(error.message); });
  };

  var refresh = C.refresh;  // main.js's: the mapping shows whenever the company is connected
  C.refresh = function () {
    return refresh().then(function (status) {
      var state = status && status.connection.status;
      if (state === "connected" || state === "needs_reauth") C.loadMapping(); else C.show("mapping", false);
      return status;
    });
  };

  document.addEventListener("DOMContentLoaded", function () {
    C.$("mapping-form").addEventListener("submit", save);
    C.$("mapping-form").addEventListener("input", function () { edited = true; });
  });
})(window.Classbooks = window.Classbooks || {});
