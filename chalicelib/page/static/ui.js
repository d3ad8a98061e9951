/* Small DOM helpers shared by the page's scripts (no framework, no build step). */
(function (C) {
  "use strict";
  C.data = JSON.parse(document.getElementById("page-data").textContent);
  C.isAdmin = C.data.role === "admin";
  C.$ = function (id) { return document.getElementById(id); };

  /* el("td", {class: "num", "data-label": "Amount"}, ["12.50"]) — text is always text, never HTML. */
  C.el = function (tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  };
  C.show = function (node, visible) { (typeof node === "string" ? C.$(node) : node).hidden = !visible; };
  C.text = function (id, value) { C.$(id).textContent = value === null || value === undefined ? "" : value; };

  C.banner = function (message) { C.text("banner", message); C.show("banner", !!message); };
  /* The red alert. `kind` says what raised it ("sync", "session"…) so that whatever settles it
   * later (the task finishing) clears only its own alert. An ended session's alert stays. */
  C.alertKind = "";
  C.alert = function (message, kind) {
    if (C.alertKind === "session" && kind !== "session") return;
    C.alertKind = message ? (kind || "other") : "";
    C.text("alert", C.humanize(message)); C.show("alert", !!message);
  };
  C.clearAlert = function (kind) { if (C.alertKind === kind) C.alert(""); };

  /* A business date "2025-03-01" stays that date whatever the browser's time zone. */
  C.date = function (iso) {
    if (!iso) return "";
    var d = new Date(iso + "T12:00:00Z");
    return d.toLocaleDateString("en-US", { timeZone: "UTC", year: "numeric", month: "short", day: "numeric" });
  };
  /* An instant in the studio's own time zone ("Nov 25, 2026, 3:13 AM CST"), not the browser's:
   * the admin may be travelling, and the nightly sync runs on the studio's clock. */
  C.zone = C.data.timezone || undefined;
  C.dateTime = function (iso) {
    if (!iso) return "";
    var options = { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit",
      timeZoneName: "short" };
    try { return new Date(iso).toLocaleString("en-US", Object.assign({ timeZone: C.zone }, options)); }
    catch (unknownZone) { return new Date(iso).toLocaleString("en-US", options); }
  };
  /* Server messages carry ISO dates ("2025-11-01") and instants: shown as the page shows dates. */
  C.humanize = function (message) {
    if (!message) return "";
    return String(message)
      .replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g, function (iso) { return C.dateTime(iso); })
      .replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, function (iso) { return C.date(iso); });
  };
  C.time = function (iso) { return iso ? C.el("time", { datetime: iso, text: C.dateTime(iso) }) : ""; };
  /* "1234.5" -> "1,234.50" without ever going through a float. */
  C.money = function (amount) {
    if (amount === null || amount === undefined || amount === "") return "";
    var text = String(amount), negative = text.charAt(0) === "-";
    var parts = text.replace("-", "").split("."), cents = ((parts[1] || "") + "00").slice(0, 2);
    return (negative ? "-" : "") + parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",") + "." + cents;
  };
  C.label = function (key) { return String(key).replace(/_/g, " ").replace(/^./, function (c) { return c.toUpperCase(); }); };

  C.fieldError = function (input, errorId, message) {
    C.text(errorId, C.humanize(message)); C.show(errorId, !!message);
    if (input) { if (message) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid"); }
  };

  /* Modal dialogs: the browser traps focus and handles Escape; focus goes back to the opener. */
  C.openDialog = function (dialog, opener) {
    dialog._opener = opener || document.activeElement;
    if (!dialog.open) dialog.showModal();
  };
  document.addEventListener("close", function (event) {
    var opener = event.target._opener;
    if (opener && document.contains(opener) && !opener.hidden) opener.focus();
  }, true);

  C.confirm = function (title, message, yes, opener) {
    var dialog = C.$("confirm");
    C.text("confirm-title", title); C.text("confirm-message", message); C.text("confirm-yes", yes);
    dialog.returnValue = "";
    C.openDialog(dialog, opener);
    return new Promise(function (resolve) {
      dialog.addEventListener("close", function () { resolve(dialog.returnValue === "yes"); }, { once: true });
    });
  };
})(window.Classbooks = window.Classbooks || {});
