/* Background Tasks (live status while a sync is queued or running), each task's documents and
 * totals with links into QuickBooks, and the preview of the next sync. */
(function (C) {
  "use strict";
  var POLL_MS = 1500, timer = null, expanded = {}, lastStatus = {};
  var STATUS = { queued: "Queued", running: "Running", succeeded: "Finished", failed: "Failed", skipped: "Skipped" };
  var TRIGGER = { daily: "Daily", manual: "Manual (Sync Now)" };

  function qboLink(doc) {
    if (!doc.qbo_id) return "Not posted yet";
    var deposit = doc.entity === "Deposit", template = C.data.journal_link;  /* payouts post Deposits */
    if (deposit) template = template.replace("/app/journal?", "/app/deposit?").replace("entity=JournalEntry", "entity=Deposit");
    var href = template.replace("{id}", encodeURIComponent(doc.qbo_id))
      .replace("{realm}", encodeURIComponent((C.status && C.status.connection.realm_id) || ""));
    return C.el("a", { href: href, target: "_blank", rel: "noopener noreferrer",
      "aria-label": "Open " + (deposit ? "deposit " : "journal entry ") + (doc.doc_number || doc.qbo_id) +
        " in QuickBooks (opens a new tab)" },
      ["Open in QuickBooks"]);
  }

  function cell(label, content, cls) {
    return C.el("td", { "data-label": label, "class": cls }, [content === undefined ? "" : content]);
  }

  function documentsTable(docs, caption, withLinks) {
    var head = ["Document", "Date", "Transactions", "Amount"].concat(withLinks ? ["QuickBooks"] : []);
    var rows = docs.map(function (d) {
      return C.el("tr", {}, [cell("Document", d.doc_number || ""), cell("Date", C.date(d.txn_date)),
        cell("Transactions", String(d.transactions), "num"), cell("Amount", C.money(d.amount), "num"),
        withLinks ? cell("QuickBooks", qboLink(d)) : null]);
    });
    return C.el("table", { "class": "stack" }, [C.el("caption", { "class": "visually-hidden", text: caption }),
      C.el("thead", {}, [C.el("tr", {}, head.map(function (h) {
        return C.el("th", { scope: "col", "class": h === "Amount" || h === "Transactions" ? "num" : null, text: h });
      }))]), C.el("tbody", {}, rows)]);
  }

  /* Totals: flat amounts and one level of breakdown (payments by type, revenue by category…). */
  C.totals = function (totals) {
    var list = C.el("dl", { "class": "totals" });
    Object.keys(totals || {}).forEach(function (key) {
      var value = totals[key];
      if (value === null || value === undefined) return;
      if (typeof value === "object") {
        Object.keys(value).forEach(function (sub) {
          if (key === "opening" || key === "pre_go_live_change") { if (sub === "as_of") return; }
          list.appendChild(C.el("div", {}, [C.el("dt", { text: C.label(key) + ": " + C.label(sub) }),
            C.el("dd", { text: /^-?\d+\.\d{2}$/.test(String(value[sub])) ? C.money(value[sub]) : String(value[sub]) })]));
        });
      } else {
        list.appendChild(C.el("div", {}, [C.el("dt", { text: C.label(key) }),
          C.el("dd", { text: /^-?\d+\.\d{2}$/.test(String(value)) ? C.money(value) : String(value) })]));
      }
    });
    return list;
  };

  function details(task) {
    var box = C.el("div", { "class": "task-details" });
    if (task.error) box.appendChild(C.el("p", { "class": "field-error", text: task.error }));
    if (task.reason) box.appendChild(C.el("p", { text: task.reason }));
    var docs = task.documents || [];
    box.appendChild(docs.length ? documentsTable(docs, "Documents of this task", true)
      : C.el("p", { "class": "muted", text: "No documents." }));
    if (task.totals) { box.appendChild(C.el("h3", { text: "Totals" })); box.appendChild(C.totals(task.totals)); }
    return box;
  }

  function toggle(task, button, row) {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    expanded[task.task_id] = open;
    row.hidden = !open;
    if (!open) return;
    C.api("GET", "/tasks/" + encodeURIComponent(task.task_id)).then(function (full) {
      row.firstChild.replaceChildren(details(full));
    }, function (error) { row.firstChild.replaceChildren(C.el("p", { "class": "field-error", text: error.message })); });
  }

  function taskRows(task) {
    var count = (task.documents || []).length, total = task.totals && task.totals.total_debits;
    var detailsId = "task-" + task.task_id.replace(/[^A-Za-z0-9_-]/g, "");
    var button = C.el("button", { type: "button", "class": "button link", "aria-expanded": "false",
      "aria-controls": detailsId, text: "Documents" });
    var row = C.el("tr", { id: detailsId, hidden: true }, [C.el("td", { colspan: "6", "class": "full" }, [details(task)])]);
    button.addEventListener("click", function () { toggle(task, button, row); });
    if (expanded[task.task_id]) { button.setAttribute("aria-expanded", "true"); row.hidden = false; }
    var status = C.el("span", { "class": "status status-" + task.status, text: STATUS[task.status] || task.status });
    return [C.el("tr", { "data-task": task.task_id }, [cell("Started", C.time(task.started_at || task.created_at)),
      cell("Trigger", TRIGGER[task.trigger] || task.trigger), cell("Status", status),
      cell("Documents", String(count), "num"), cell("Total", total ? C.money(total) : "", "num"), cell("Details", button)]), row];
  }

  function announce(tasks) {
    tasks.forEach(function (t) {
      if (lastStatus[t.task_id] && lastStatus[t.task_id] !== t.status) {
        C.text("tasks-live", "Background task " + (STATUS[t.status] || t.status).toLowerCase() + ".");
      }
      lastStatus[t.task_id] = t.status;
    });
  }

  C.loadTasks = function () {
    clearTimeout(timer);
    return C.api("GET", "/tasks?limit=10").then(function (page) {
      var tasks = page.tasks || [], body = C.$("tasks-body");
      announce(tasks);
      if (!tasks.length) { body.replaceChildren(C.el("p", { "class": "muted", text: "No background tasks yet." })); }
      else {
        var rows = []; tasks.forEach(function (t) { rows = rows.concat(taskRows(t)); });
        body.replaceChildren(C.el("table", { "class": "stack", id: "tasks-table" }, [
          C.el("caption", { "class": "visually-hidden", text: "Background Tasks, newest first" }),
          C.el("thead", {}, [C.el("tr", {}, ["Started", "Trigger", "Status", "Documents", "Total", "Details"].map(function (h) {
            return C.el("th", { scope: "col", "class": h === "Documents" || h === "Total" ? "num" : null, text: h });
          }))]), C.el("tbody", {}, rows)]));
      }
      C.show("tasks", true);
      var busy = tasks.some(function (t) { return t.status === "queued" || t.status === "running"; });
      if (busy) timer = setTimeout(function () { C.loadTasks().then(function () { if (!timer) C.refresh(); }); }, POLL_MS);
      else timer = null;
    }, function (error) { C.$("tasks-body").replaceChildren(C.el("p", { "class": "field-error", text: error.message })); C.show("tasks", true); });
  };

  C.loadPreview = function () {
    return C.api("GET", "/preview").then(function (p) {
      var body = C.$("preview-body"), docs = p.documents || [];
      var intro = docs.length ? "The next sync (" + C.date(p.sync_date) + ") would post " + docs.length + " journal " +
        (docs.length === 1 ? "entry." : "entries.") : "Nothing new to post: the ledger has no transactions since the last sync.";
      body.replaceChildren(C.el("p", { id: "preview-summary", text: intro }));
      if (docs.length) { body.appendChild(documentsTable(docs, "Documents the next sync would post", false)); body.appendChild(C.totals(p.totals)); }
      C.show("preview", true);
    }, function (error) {
      C.$("preview-body").replaceChildren(C.el("p", { id: "preview-summary", text: error.message }));
      C.show("preview", true);
    });
  };
})(window.Classbooks = window.Classbooks || {});
