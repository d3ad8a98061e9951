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
      "aria-label": "Open in QuickBooks: " + (deposit ? "deposit " : "journal entry ") + (doc.doc_number || doc.qbo_id) +
        " (opens a new tab)" },
      ["Open in QuickBooks"]);
  }

  function nothingPosted(task) { return task.status === "succeeded" && !(task.documents || []).length; }
  function statusText(task) { return nothingPosted(task) ? "Nothing to post" : STATUS[task.status] || task.status; }

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

  /* The preview's totals: flat amounts and one level of breakdown (payments by type…). */
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

  function span(covers) {
    if (!covers) return "";
    return covers.from === covers.to ? C.date(covers.from) : C.date(covers.from) + " to " + C.date(covers.to);
  }

  /* One journal entry as an accountant reads it: account, debit, credit, class; both totals. */
  function entryTable(doc, index) {
    var id = "entry-" + index + "-" + String(doc.doc_number || index).replace(/[^A-Za-z0-9_-]/g, "");
    var rows = doc.lines.map(function (ln) {
      return C.el("tr", {}, [cell("Account", ln.account), cell("Debit", C.money(ln.debit), "num"),
        cell("Credit", C.money(ln.credit), "num"), cell("Class", ln["class"]), cell("Description", ln.description)]);
    });
    var foot = C.el("tr", { "class": "total" }, [C.el("th", { scope: "row", "data-label": "Total", text: "Total" }),
      cell("Total debit", C.money(doc.total_debit), "num"), cell("Total credit", C.money(doc.total_credit), "num"), cell("Class", ""), cell("Description", "")]);
    var heading = (doc.entity === "Deposit" ? "Deposit " : "Journal entry ") + (doc.doc_number || "") + ", dated " + C.date(doc.txn_date);
    return C.el("section", { "class": "entry", "aria-labelledby": id }, [
      C.el("h3", { id: id, text: heading }),
      C.el("p", { "class": "entry-covers" }, ["Covers " + span(doc.covers) + " (" + doc.transactions + " transactions). ", doc.why]),
      C.el("table", { "class": "stack entry-lines" }, [C.el("caption", { "class": "visually-hidden", text: heading }),
        C.el("thead", {}, [C.el("tr", {}, ["Account", "Debit", "Credit", "Class", "Description"].map(function (h) {
          return C.el("th", { scope: "col", "class": h === "Debit" || h === "Credit" ? "num" : null, text: h });
        }))]), C.el("tbody", {}, rows), C.el("tfoot", {}, [foot])]),
      C.el("p", {}, [doc.qbo_id ? qboLink(doc) : "Not posted yet"])]);
  }

  /* The run's totals grouped: payments, credits, revenue, each with its own total. */
  function groupedTotals(totals) {
    var box = C.el("div", { "class": "grouped-totals" });
    [["payments", "Payments by type"], ["credits", "Credits by type"], ["revenue", "Revenue by category"]].forEach(function (g) {
      var group = totals[g[0]];
      if (!group || !group.rows.length) return;
      var rows = group.rows.map(function (r) { return C.el("tr", {}, [C.el("th", { scope: "row", text: r.label }), cell(g[1], C.money(r.amount), "num")]); });
      box.appendChild(C.el("table", { "class": "group-total", id: "totals-" + g[0] }, [C.el("caption", { text: g[1] }),
        C.el("tbody", {}, rows),
        C.el("tfoot", {}, [C.el("tr", {}, [C.el("th", { scope: "row", text: "Total " + g[1].split(" ")[0].toLowerCase() }),
          cell("Total", C.money(group.total), "num")])])]));
    });
    box.appendChild(C.el("dl", { "class": "totals" }, [
      C.el("div", {}, [C.el("dt", { text: "Change of receivables" }), C.el("dd", { text: C.money(totals.receivables_change) })]),
      C.el("div", {}, [C.el("dt", { text: "Change of unapplied credits" }), C.el("dd", { text: C.money(totals.unapplied_credits_change) })])]));
    return box;
  }

  function details(task) {
    var box = C.el("div", { "class": "task-details" });
    if (task.error) box.appendChild(C.el("p", { "class": "field-error", text: C.humanize(task.error) }));
    if (task.reason) box.appendChild(C.el("p", { text: C.humanize(task.reason) }));
    var docs = task.documents || [], statement = task.statement;
    if (task.readback && task.readback.status === "drift" && C.driftSection) box.appendChild(C.driftSection(task));
    if (nothingPosted(task)) {
      box.appendChild(C.el("p", { "class": "nothing", text: "Nothing to post: no transactions arrived since the last sync, so no document was sent to QuickBooks." }));
      return box;
    }
    if (statement && statement.documents.length) {
      box.appendChild(C.el("p", { "class": "task-covers", text: "Business dates covered: " + span(statement.covers) + "." }));
      statement.documents.forEach(function (d, i) { box.appendChild(entryTable(d, i)); });
      box.appendChild(C.el("h3", { text: "Totals" }));
      box.appendChild(groupedTotals(statement.totals));
      return box;
    }
    box.appendChild(docs.length ? documentsTable(docs, "Documents of this task", true)
      : C.el("p", { "class": "muted", text: "No documents." }));
    return box;
  }

  /* A task's full details (with its statement), fetched when opened; a finished task's are kept,
   * so the poll's re-render of the table shows them again instead of the short list view. */
  var full = {};
  function fill(task, row) {
    var kept = full[task.task_id];
    if (kept && kept.status === task.status) { row.firstChild.replaceChildren(details(kept)); return; }
    C.api("GET", "/tasks/" + encodeURIComponent(task.task_id)).then(function (found) {
      if (found.status === "succeeded" || found.status === "failed" || found.status === "skipped") full[task.task_id] = found;
      if (document.contains(row)) row.firstChild.replaceChildren(details(found));
    }, function (error) { row.firstChild.replaceChildren(C.el("p", { "class": "field-error", text: C.humanize(error.message) })); });
  }

  function toggle(task, button, row) {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    expanded[task.task_id] = open;
    row.hidden = !open;
    if (open) fill(task, row);
  }

  function taskRows(task) {
    var count = (task.documents || []).length, total = task.totals && task.totals.total_debits;
    var detailsId = "task-" + task.task_id.replace(/[^A-Za-z0-9_-]/g, "");
    var button = C.el("button", { type: "button", "class": "button link", "aria-expanded": "false",
      "aria-controls": detailsId, text: "Documents" });
    var row = C.el("tr", { id: detailsId, hidden: true }, [C.el("td", { colspan: "6", "class": "full" }, [details(task)])]);
    button.addEventListener("click", function () { toggle(task, button, row); });
    if (expanded[task.task_id]) { button.setAttribute("aria-expanded", "true"); row.hidden = false; fill(task, row); }
    var status = C.el("span", { "class": "status status-" + task.status, text: statusText(task) });
    return [C.el("tr", { "data-task": task.task_id }, [cell("Started", C.time(task.started_at || task.created_at)),
      cell("Trigger", TRIGGER[task.trigger] || task.trigger), cell("Status", status),
      cell("Documents", String(count), "num"), cell("Total", count && total ? C.money(total) : "", "num"), cell("Details", button)]), row];
  }

  function announce(tasks) {
    tasks.forEach(function (t) {
      if (lastStatus[t.task_id] && lastStatus[t.task_id] !== t.status) {
        C.text("tasks-live", "Background task " + (STATUS[t.status] || t.status).toLowerCase() +
          (nothingPosted(t) ? ": nothing to post." : "."));
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
      if (C.syncBusy && !busy) C.clearAlert("sync");  // the "already running" alert is settled
      C.syncBusy = busy; if (C.updateSyncNow) C.updateSyncNow();
      if (busy) timer = setTimeout(function () { C.loadTasks().then(function () { if (!timer) C.refresh(); }); }, POLL_MS);
      else timer = null;
    }, function (error) {
      if (C.sessionEnded) return;
      C.$("tasks-body").replaceChildren(C.el("p", { "class": "field-error", text: C.humanize(error.message) })); C.show("tasks", true);
    });
  };

  C.loadPreview = function () {
    return C.api("GET", "/preview").then(function (p) {
      var body = C.$("preview-body"), docs = p.documents || [];
      C.nothingToPost = !docs.length && !(p.unfinished || []).length;
      if (C.updateSyncNow) C.updateSyncNow();
      var intro = docs.length ? "The next sync (" + C.date(p.sync_date) + ") would post " + docs.length + " journal " +
        (docs.length === 1 ? "entry." : "entries.") : "Nothing new to post: the ledger has no transactions since the last sync.";
      body.replaceChildren(C.el("p", { id: "preview-summary", text: intro }));
      if (docs.length) { body.appendChild(documentsTable(docs, "Documents the next sync would post", false)); body.appendChild(C.totals(p.totals)); }
      C.show("preview", true);
    }, function (error) {
      if (C.sessionEnded) return;
      C.$("preview-body").replaceChildren(C.el("p", { id: "preview-summary", text: C.humanize(error.message) }));
      C.show("preview", true);
    });
  };
})(window.Classbooks = window.Classbooks || {});
