/* The "Configure QuickBooks Integration" dialog: Go Live Date, Synchronization Schedule,
 * Save and Continue. Errors show beside the field they concern; the overlap warning (QuickBooks
 * already holds documents from that date) must be acknowledged before the date is saved. */
(function (C) {
  "use strict";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  var dialog, form, goLive, state = {};

  function scheduleInputs() { return form.querySelectorAll("input[name=schedule]"); }
  function chosenSchedule() {
    var checked = form.querySelector("input[name=schedule]:checked");
    return checked ? checked.value : "";
  }
  function clearErrors() {
    C.fieldError(goLive, "go-live-error", "");
    C.fieldError(null, "cfg-schedule-error", "");
    C.text("configure-error", ""); C.show("configure-error", false);
  }
  function fiscalHint(settings, status) {
    var month = status && status.company && status.company.fiscal_year_start_month;
    var hint = month ? "Your QuickBooks fiscal year starts in " + MONTHS[month - 1] + ": choose " +
      MONTHS[month - 1] + " 1 of the current fiscal year or later, and after any data import. " :
      "Choose a date in the current fiscal year, after any data import. ";
    var allowed = settings.allowed_go_live;
    if (allowed) hint += "Allowed: " + C.date(allowed.earliest) + " to " + C.date(allowed.latest) + ".";
    if (settings.suggested_go_live) hint += " Classbooks' own entries already cover the days before " +
      C.date(settings.suggested_go_live) + ": an earlier date would post that revenue twice (undo them first to start earlier).";
    if (settings.go_live_locked) hint = "The Go Live Date is set. Changing it needs Reset integration.";
    return hint;
  }

  C.openConfigure = function (opener) {
    clearErrors();
    C.show("overlap", false); C.$("confirm-overlap").checked = false;
    return C.api("GET", "/settings").then(function (settings) {
      state.settings = settings;
      var allowed = settings.allowed_go_live;
      goLive.value = settings.go_live_date || settings.suggested_go_live || "";
      goLive.disabled = !!settings.go_live_locked;
      goLive.min = allowed ? allowed.earliest : ""; goLive.max = allowed ? allowed.latest : "";
      C.text("go-live-hint", fiscalHint(settings, C.status));
      if (settings.allowed_go_live_reason) C.fieldError(goLive, "go-live-error", settings.allowed_go_live_reason);
      C.show("undo-posted-box", C.isAdmin && !!settings.suggested_go_live && !settings.go_live_date);
      scheduleInputs().forEach(function (input) { input.checked = input.value === settings.schedule; });
      C.openDialog(dialog, opener);
      (goLive.disabled ? scheduleInputs()[0] : goLive).focus();
    }, function (error) { C.alert(error.message); });
  };

  function validate() {
    var ok = true;
    if (!goLive.disabled) {
      if (!goLive.value) { C.fieldError(goLive, "go-live-error", "Choose a Go Live Date."); ok = false; }
      else if ((goLive.min && goLive.value < goLive.min) || (goLive.max && goLive.value > goLive.max)) {
        C.fieldError(goLive, "go-live-error", "Choose a date from " + C.date(goLive.min) + " to " + C.date(goLive.max) + ".");
        ok = false;
      }
    }
    if (!chosenSchedule()) { C.fieldError(null, "cfg-schedule-error", "Choose Daily or Manual."); ok = false; }
    return ok;
  }

  function showError(error) {
    if (error.code === "go_live_overlap") {
      var found = (error.details || []).map(function (d) { return d.count + " " + d.entity; }).join(", ");
      C.text("overlap-message", "QuickBooks already has documents dated on or after " + C.date(goLive.value) +
        (found ? " (" + found + ")" : "") + ". Syncing from this date may count that revenue twice. " +
        "Choose a later date, or confirm below to save it anyway.");
      C.show("overlap", true);
      C.$("confirm-overlap").focus();
    } else if (/go_live/.test(error.code) || /go live|go_live_date/i.test(error.message)) {
      C.fieldError(goLive, "go-live-error", error.message); goLive.focus();
    } else if (/schedule/i.test(error.message)) {
      C.fieldError(null, "cfg-schedule-error", error.message); scheduleInputs()[0].focus();
    } else {
      C.text("configure-error", error.message); C.show("configure-error", true);
    }
  }

  function undoPosted(event) {
    var opener = event.currentTarget;
    C.api("GET", "/posted").then(function (posted) {
      var closed = posted.documents.filter(function (d) { return d.undo === "reverse"; }).length;
      return C.confirm("Undo what Classbooks posted?", posted.count + " journal entr" + (posted.count === 1 ? "y" : "ies") +
        " (" + posted.revenue + " of revenue) will be " + (closed ? "deleted where the period is open and reversed on the first open date where it is closed." : "deleted from QuickBooks.") +
        " Nothing else in QuickBooks changes.", "Undo entries", opener).then(function (yes) {
        if (!yes) return;
        return C.api("POST", "/undo").then(function (result) {
          // the dialog's fields are re-read first: the banner is the admin's cue to go on, and a
          // date typed before the re-read arrived would be overwritten by it
          return C.openConfigure(C.$("configure-open")).then(function () { C.banner(result.message); });
        });
      });
    }).catch(function (error) { C.fieldError(goLive, "go-live-error", error.message); });
  }

  function save(event) {
    event.preventDefault();
    clearErrors();
    if (!validate()) { (form.querySelector("[aria-invalid=true]") || scheduleInputs()[0]).focus(); return; }
    var body = { schedule: chosenSchedule(), confirm_overlap: C.$("confirm-overlap").checked };
    if (!goLive.disabled) body.go_live_date = goLive.value;
    C.$("configure-save").disabled = true;
    C.api("PUT", "/settings", body).then(function () {
      dialog.close();
      C.banner("QuickBooks integration saved.");
      return C.refresh();
    }, showError).then(function () { C.$("configure-save").disabled = false; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    dialog = C.$("configure"); form = C.$("configure-form"); goLive = C.$("go-live");
    form.addEventListener("submit", save);
    C.$("configure-cancel").addEventListener("click", function () { dialog.close(); });
    C.$("undo-posted").addEventListener("click", undoPosted);
    goLive.addEventListener("change", function () { C.show("overlap", false); C.$("confirm-overlap").checked = false; });
    /* An error goes as soon as its field is filled in: a stale "Choose…" would contradict it. */
    goLive.addEventListener("input", function () { if (goLive.value) C.fieldError(goLive, "go-live-error", ""); });
    goLive.addEventListener("change", function () { if (goLive.value) C.fieldError(goLive, "go-live-error", ""); });
    scheduleInputs().forEach(function (input) {
      input.addEventListener("change", function () { C.fieldError(null, "cfg-schedule-error", ""); });
    });
  });
})(window.Classbooks = window.Classbooks || {});
