// docgen serve: upload, wait for the job, show the report. Plain JavaScript, no libraries;
// every text comes from the server (zh-TW or English), every element is built with the DOM
// (never innerHTML), and page pictures are fetched with the token and shown as blob: URLs.
(function () {
  "use strict";
  var config = JSON.parse(document.body.getAttribute("data-config"));
  var M = config.messages;
  var form = document.getElementById("upload");
  var input = document.getElementById("files");
  var drop = document.getElementById("drop");
  var chosen = document.getElementById("chosen");
  var statusBox = document.getElementById("status");
  var bar = document.getElementById("bar");
  var report = document.getElementById("report");
  var go = document.getElementById("go");
  var tokenRow = document.getElementById("token-row");
  var tokenInput = document.getElementById("token");
  var dropped = null;

  // "{n}", and English plurals as docgen/i18n.py writes them: "{n:#file|files}"
  function t(key, params) {
    params = params || {};
    return (M[key] || key).replace(/\{(\w+)(?::#([^|}]*)\|?([^}]*))?\}/g, function (all, k, one, many) {
      if (!(k in params)) return all;
      if (one === undefined) return String(params[k]);
      return params[k] + " " + (Number(params[k]) === 1 ? one : (many || one));
    });
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function say(text, bad) {
    statusBox.textContent = text;
    statusBox.className = bad ? "bad" : "";
  }
  function token() {
    try { return tokenInput.value || sessionStorage.getItem("docgen-token") || ""; } catch (e) { return tokenInput.value; }
  }
  function headers() {
    var h = {};
    if (token()) h.Authorization = "Bearer " + token();
    return h;
  }
  if (config.token) tokenRow.hidden = false;

  function files() { return dropped || Array.prototype.slice.call(input.files); }
  function showChosen() {
    chosen.textContent = "";
    files().forEach(function (f) { chosen.appendChild(el("li", { text: f.name })); });
  }
  input.addEventListener("change", function () { dropped = null; showChosen(); });
  ["dragenter", "dragover"].forEach(function (type) {
    drop.addEventListener(type, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (type) {
    drop.addEventListener(type, function () { drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) {
    e.preventDefault();
    dropped = Array.prototype.slice.call(e.dataTransfer.files);
    showChosen();
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var list = files();
    if (!list.length) { say(t("pick_first"), true); input.focus(); return; }
    if (list.length > config.maxFiles) { say(t("too_many", { limit: config.maxFiles }), true); return; }
    for (var i = 0; i < list.length; i++) {
      if (list[i].size > config.maxBytes) { say(t("too_big", { name: list[i].name }), true); return; }
    }
    try { if (tokenInput.value) sessionStorage.setItem("docgen-token", tokenInput.value); } catch (err) { /* private mode */ }
    var data = new FormData();
    list.forEach(function (f) { data.append("files", f, f.name); });
    data.append("form", document.getElementById("form").value);
    data.append("award_year", document.getElementById("award_year").value.trim());
    data.append("lang", config.lang);
    data.append("pages", document.getElementById("pages").checked ? "1" : "0");
    data.append("copies", document.getElementById("copies").checked ? "1" : "0");
    upload(data);
  });

  function upload(data) {
    go.disabled = true;
    report.hidden = true;
    bar.hidden = false;
    bar.value = 0;
    say(t("uploading"));
    var xhr = new XMLHttpRequest();
    // with wait=2 the answer brings the job's status (its report, if it ended by then): one request
    xhr.open("POST", "/api/check?wait=2&lang=" + encodeURIComponent(config.lang));
    var h = headers();
    Object.keys(h).forEach(function (k) { xhr.setRequestHeader(k, h[k]); });
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) bar.value = Math.round(50 * e.loaded / e.total);
    });
    xhr.upload.addEventListener("load", function () { say(t("running")); bar.value = 50; });
    xhr.addEventListener("load", function () {
      var body = null;
      try { body = JSON.parse(xhr.responseText); } catch (err) { body = null; }
      if (xhr.status === 202 && body && body.job) { step(body.job, body); return; }
      if (xhr.status === 401) { tokenRow.hidden = false; tokenInput.focus(); }
      finish((body && body.error) || t("network"), true);
    });
    xhr.addEventListener("error", function () { finish(t("network"), true); });
    xhr.send(data);
  }

  function finish(text, bad) {
    go.disabled = false;
    bar.hidden = true;
    say(text, bad);
  }

  function poll(job) {
    fetch("/api/jobs/" + job + "?wait=2", { headers: headers(), cache: "no-store" })
      .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
      .then(function (res) {
        if (!res.ok) { finish(res.body.error || t("network"), true); return; }
        step(job, res.body);
      })
      .catch(function () { finish(t("network"), true); });
  }

  // the job's status as the server gave it: shown, then the report or another long poll
  function step(job, b) {
    if (b.status === "queued") { say(t("queued")); bar.value = 50; }
    if (b.status === "running") {
      var p = b.progress;
      say(p ? t("running_n", { done: p.done, total: p.total }) : t("running"));
      bar.value = p && p.total ? 50 + Math.round(50 * p.done / p.total) : 50;
    }
    if (b.status === "failed") { finish(t("failed", { reason: b.error || "" }), true); return; }
    if (b.status === "done") { show(job, b); return; }
    setTimeout(function () { poll(job); }, 100);
  }

  function fileUrl(job, name) { return "/api/jobs/" + job + "/files/" + encodeURIComponent(name); }

  // a download link that works with a token too (fetched, then saved from a blob: URL)
  function download(job, name, label) {
    var a = el("a", { href: fileUrl(job, name), text: label, download: "" });
    a.addEventListener("click", function (e) {
      if (!token()) return;
      e.preventDefault();
      var saveAs = name;
      fetch(a.href, { headers: headers() }).then(function (r) {
        // the name the server gives it (申請書.fixed.docx), from filename*=utf-8''…
        var m = /filename\*=utf-8''([^;]+)/i.exec(r.headers.get("Content-Disposition") || "") ||
                /filename="([^"]+)"/.exec(r.headers.get("Content-Disposition") || "");
        if (m) { try { saveAs = decodeURIComponent(m[1]); } catch (err) { saveAs = name; } }
        return r.blob();
      }).then(function (blob) {
        var url = URL.createObjectURL(blob);
        var tmp = el("a", { href: url, download: saveAs });
        document.body.appendChild(tmp);
        tmp.click();
        tmp.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      });
    });
    return el("li", {}, [a]);
  }

  function show(job, b) {
    finish(t("done"));
    var files = b.files || [];
    var rep = b.report || { files: [] };
    var passed = rep.files.filter(function (f) { return f.passed; }).length;
    document.getElementById("summary").textContent = t("summary", { n: rep.files.length, passed: passed });
    var downloads = document.getElementById("downloads");
    downloads.textContent = "";
    [["report.json", "download_json"], ["report.html", "download_html"], ["summary.xlsx", "download_xlsx"],
     ["summary.ods", "download_ods"]].forEach(function (d) {
      if (files.indexOf(d[0]) >= 0) downloads.appendChild(download(job, d[0], t(d[1])));
    });
    (rep.batch || []).forEach(function (f) {
      downloads.parentNode.insertBefore(el("p", { className: "warn", text: "! " + f.message }), downloads.nextSibling);
    });
    var results = document.getElementById("results");
    results.textContent = "";
    report.hidden = false;
    var load = files.indexOf("pages.json") >= 0
      ? fetch(fileUrl(job, "pages.json"), { headers: headers() }).then(function (r) { return r.json(); })
      : Promise.resolve(null);
    load.catch(function () { return null; }).then(function (pages) {
      if (pages && pages.note) results.appendChild(el("p", { className: "warn", text: pages.note }));
      rep.files.forEach(function (f, i) {
        results.appendChild(fileSection(job, i + 1, f, files, pages && pages.files[String(i + 1)]));
      });
      report.focus();
    });
  }

  function fileSection(job, k, f, files, pages) {
    var section = el("section", { id: "file" + k, "aria-labelledby": "file" + k + "-title", className: "result" });
    section.appendChild(el("h3", { id: "file" + k + "-title", text: f.path }));
    var verdict;
    if (f.error) verdict = el("p", { className: "bad", text: t("unreadable", { reason: f.error }) });
    else verdict = el("p", { className: f.passed ? "ok" : "bad",
                             text: (f.passed ? t("passed") : t("not_passed")) + (f.stats && f.stats.limit
                               ? " · " + t("count", { count: f.stats.count, limit: f.stats.limit }) : "") });
    section.appendChild(verdict);
    var own = el("ul", { className: "downloads" });
    [[k + ".fixed.docx", "download_fixed"], [k + ".annotated.docx", "download_annotated"]].forEach(function (d) {
      if (files.indexOf(d[0]) >= 0) own.appendChild(download(job, d[0], t(d[1])));
    });
    if (own.childNodes.length) section.appendChild(own);
    if (f.error) return section;
    var body = el("div", { className: "file" });
    var boxed = {};
    if (pages && pages.pages.length) body.appendChild(pagePictures(job, k, pages, f, boxed));
    body.appendChild(findingTable(k, f, boxed));
    section.appendChild(body);
    return section;
  }

  function pagePictures(job, k, pages, f, boxed) {
    var holder = el("div", { className: "pages", role: "group", "aria-label": t("pages_of", { name: f.path }) });
    pages.pages.forEach(function (p) {
      var img = el("img", { alt: t("page_n", { page: p.number }) });
      var figure = el("figure", { className: "page", "data-page": String(p.number), id: "file" + k + "-p" + p.number },
                      [img, el("figcaption", { text: t("page_n", { page: p.number }) })]);
      fetch(fileUrl(job, p.file), { headers: headers() }).then(function (r) { return r.blob(); })
        .then(function (blob) { img.src = URL.createObjectURL(blob); });
      var stacked = {};
      pages.boxes.filter(function (b) { return b.page === p.number; }).forEach(function (b) {
        var finding = f.findings[b.finding - 1] || {};
        var spot = b.left.toFixed(3) + "," + b.top.toFixed(3);
        var shift = stacked[spot] || 0;
        stacked[spot] = shift + 1;
        var a = el("a", { className: "box " + (finding.severity || "error"), href: "#file" + k + "-f" + b.finding,
                          "data-rule": b.rule, "data-finding": String(b.finding),
                          "aria-label": t("finding_box", { n: b.finding, message: finding.message || b.rule }) },
                   [el("span", { text: String(b.finding) })]);
        if (!boxed[b.finding]) { a.id = "file" + k + "-b" + b.finding; boxed[b.finding] = true; }
        // positions through the CSSOM: the page's CSP allows no inline style attributes
        a.style.left = (b.left * 100).toFixed(3) + "%";
        a.style.top = (b.top * 100).toFixed(3) + "%";
        a.style.width = (b.width * 100).toFixed(3) + "%";
        a.style.height = (b.height * 100).toFixed(3) + "%";
        a.firstChild.style.marginLeft = (shift * 1.8).toFixed(1) + "em";
        figure.appendChild(a);
      });
      holder.appendChild(figure);
    });
    return holder;
  }

  function findingTable(k, f, boxed) {
    var side = el("div", { className: "findings" });
    if (!f.findings.length) { side.appendChild(el("p", { className: "ok", text: t("no_findings") })); return side; }
    var table = el("table", {}, [el("caption", { text: t("findings_n", { n: f.findings.length }) })]);
    var head = el("tr");
    var cols = ["col_num", "col_sev", "col_rule", "col_msg", "col_where", "col_hint"];
    var kinds = ["num", "sev", "rule", "msg", "where", "hint"];
    cols.forEach(function (c, i) { head.appendChild(el("th", { scope: "col", className: kinds[i], text: t(c) })); });
    table.appendChild(el("thead", {}, [head]));
    var tbody = el("tbody");
    f.findings.forEach(function (x, i) {
      var n = i + 1;
      var num = boxed[n] ? el("a", { href: "#file" + k + "-b" + n, text: String(n),
                                     "aria-label": t("to_box", { n: n }) }) : String(n);
      var where = x.location && (x.location.text || "");
      var cells = [el("td", {}, [num]), el("td", { text: t("sev_" + x.severity) }), el("td", {}, [el("code", { text: x.rule })]),
                   el("td", { text: x.message }), el("td", { text: where }), el("td", { text: x.hint || "" })];
      cells.forEach(function (td, i) { td.className = kinds[i]; td.setAttribute("data-label", t(cols[i])); });
      cells[1].className += x.severity === "error" ? " bad" : " warn";
      tbody.appendChild(el("tr", { id: "file" + k + "-f" + n, "data-rule": x.rule }, cells));
    });
    table.appendChild(tbody);
    side.appendChild(table);
    return side;
  }
})();
