/* The page: status → not connected (requirements, Connect) or connected (company, plan, class
 * tracking, Go Live Date, schedule, Next Sync Date / Sync Now, Reset, Disconnect), then
 * Background Tasks and the preview. Every action is one API call, then a refresh. */
(function (C) {
  "use strict";
  var SCHEDULES = { daily: "Daily", manual: "Manual" };

  function focusMain() { C.$("main").focus(); }

  function renderNotConnected(status) {
    var eligibility = status.eligibility || { eligible: true, reasons: [] };
    var reasons = eligibility.reasons || [];
    var box = C.$("eligibility");
    box.replaceChildren.apply(box, reasons.map(function (r) { return C.el("p", { text: r.charAt(0).toUpperCase() + r.slice(1) + "." }); }));
    C.show(box, reasons.length > 0 && !eligibility.overridden);
    C.show("connect", C.isAdmin && (eligibility.eligible || eligibility.overridden));
    C.text("connect-note", C.isAdmin ? "Opens Intuit's sign-in; you come back here to finish." :
      "Only an admin can connect QuickBooks.");
  }

  function renderConnected(status) {
    var connection = status.connection, company = status.company || {}, settings = status.settings || {};
    C.show("reauth", !!connection.needs_reauth);
    C.text("reauth-message", connection.message || "QuickBooks needs you to sign in again.");
    C.text("company-name", connection.company_name);
    C.text("company-plan", company.plan ? company.plan + (company.plan_reason ? " — " + company.plan_reason : "") : "");
    var tracking = status.class_tracking || {};
    C.text("class-tracking", tracking.enabled ? "On — revenue is tracked by location with QuickBooks Classes."
      : "Off — " + (tracking.reason || "revenue by location is not tracked."));
    C.text("go-live-date", settings.go_live_date ? C.date(settings.go_live_date) : "Not set");
    C.show("reset", C.isAdmin && !!settings.go_live_date);
    document.querySelectorAll("#schedule-form input[name=schedule]").forEach(function (input) {
      input.checked = input.value === settings.schedule; input.disabled = !C.isAdmin || !settings.configured;
    });
    C.show("schedule-save", C.isAdmin && settings.configured);
    var daily = settings.schedule === "daily";
    var next = C.$("next-sync-date");
    if (!settings.configured) next.replaceChildren("Not configured yet");
    else if (daily) next.replaceChildren(status.next_sync_at ? C.time(status.next_sync_at) : "Not scheduled");
    else next.replaceChildren(C.isAdmin ? "" : "Manual: an admin selects Sync Now.");
    C.show("sync-now", C.isAdmin && settings.configured && !daily && !connection.needs_reauth);
    C.updateSyncNow();
    C.show("configure-open", C.isAdmin && !settings.configured);
  }

  C.refresh = function () {
    return C.api("GET", "/status").then(function (status) {
      C.status = status;
      var state = status.connection.status, connected = state === "connected" || state === "needs_reauth";
      C.show("loading", false);
      C.show("not-connected", !connected); C.show("connected", connected);
      if (connected) renderConnected(status); else renderNotConnected(status);
      if (connected && status.settings && status.settings.configured) { C.loadTasks(); C.loadPreview(); C.loadClearing(); }
      else { C.show("tasks", false); C.show("preview", false); C.show("clearing", false); }
      return status;
    }, function (error) { C.show("loading", false); C.alert(error.message); });
  };

  function failed(error) { C.alert(error.message); }

  /* Sync Now is disabled while a press is on its way and while a task is queued or running (the
   * Background Tasks poll says which), so a double-click or a reload cannot queue a second one. */
  var pressing = false;
  C.updateSyncNow = function () {
    var button = C.$("sync-now"), busy = !!C.syncBusy;
    button.disabled = pressing || busy;
    var note = busy ? "A sync is queued or running: see Background Tasks below." :
      (C.nothingToPost ? "Nothing new to post: Sync Now would post no documents." : "");
    C.text("sync-now-note", note); C.show("sync-now-note", !button.hidden && !!note);
  };

  function syncNow() {
    if (pressing || C.syncBusy) return;
    pressing = true; C.updateSyncNow();
    C.clearAlert("sync");
    C.api("POST", "/sync").then(function (started) {
      C.banner(started.message);
      C.syncBusy = true;
      return C.loadTasks();
    }, function (error) {
      if (error.code === "sync_in_progress") {
        C.syncBusy = true;
        C.alert("A sync is already running: see Background Tasks.", "sync");
        return C.loadTasks();
      }
      C.alert(error.message, "sync");
    }).then(function () { pressing = false; C.updateSyncNow(); });
  }

  function saveSchedule(event) {
    event.preventDefault();
    var chosen = document.querySelector("#schedule-form input[name=schedule]:checked");
    C.fieldError(null, "schedule-error", "");
    C.api("PUT", "/settings", { schedule: chosen.value }).then(function () {
      C.banner("Synchronization Schedule saved: " + SCHEDULES[chosen.value] + ".");
      return C.refresh();
    }, function (error) { C.fieldError(null, "schedule-error", error.message); });
  }

  function reset(event) {
    C.confirm("Reset integration?", "This clears the Go Live Date and the Synchronization Schedule so you can choose them again. " +
      "Documents already posted to QuickBooks stay there; review them with your accountant.", "Reset integration", event.currentTarget)
      .then(function (yes) {
        if (!yes) return;
        C.api("POST", "/reset").then(function () {
          C.banner("The integration was reset. Choose a new Go Live Date.");
          return C.refresh().then(function () { C.openConfigure(C.$("configure-open")); });
        }, failed);
      });
  }

  function disconnect(event) {
    C.confirm("Disconnect QuickBooks?", "Syncs stop and this studio's authorisation is removed from QuickBooks. " +
      "Documents already posted stay in QuickBooks.", "Disconnect", event.currentTarget).then(function (yes) {
      if (!yes) return;
      C.api("DELETE", "/connection").then(function () {
        C.banner("QuickBooks is disconnected.");
        return C.refresh().then(focusMain);
      }, failed);
    });
  }

  /* Intuit's callback refused the connection: its message (from the server's fixed map, set as
   * text) beside Connect, or in the alert when a connection is already there. Shown once. */
  function showConnectError(status) {
    var refused = C.data.connect_error;
    if (!refused || !status) return;
    if (status.connection.status === "not_connected" || status.connection.status === "disconnected") {
      C.text("connect-error", refused.message); C.show("connect-error", true);
    } else C.alert(refused.message);
  }

  function takeStep(status) {
    var step = C.data.step;
    if (step || C.data.connect_error) history.replaceState(null, "", C.data.page_url);
    showConnectError(status);
    if (!status || !C.isAdmin) return;
    var connected = status.connection.status === "connected";
    var target = C.$(status.connection.needs_reauth ? "reconnect" : "connect");
    if (connected && (step === "configure" || !status.settings.configured)) C.openConfigure(C.$("configure-open"));
    else if (step === "connect" && connected) C.$("main").focus();
    else if (step === "connect") (target.offsetParent !== null ? target : C.$(C.data.connect_error ? "connect-error" : "main")).focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    sessionStorage.removeItem("classbooks-reopen:" + location.pathname);
    C.$("sync-now").addEventListener("click", syncNow);
    C.$("session-back").addEventListener("click", function () { history.back(); });
    C.$("schedule-form").addEventListener("submit", saveSchedule);
    C.$("reset").addEventListener("click", reset);
    C.$("disconnect").addEventListener("click", disconnect);
    C.$("configure-open").addEventListener("click", function (e) { C.openConfigure(e.currentTarget); });
    document.querySelectorAll(".admin-only").forEach(function (node) { if (!C.isAdmin) node.hidden = true; });
    C.refresh().then(takeStep);
  });
})(window.Classbooks = window.Classbooks || {});
