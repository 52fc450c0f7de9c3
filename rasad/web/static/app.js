// rasad's web app: the little the pages need beyond HTML — font size, highlighting an event's
// sentence in the reader, clickable event rows, and the live page's server-sent events.
// Nothing from the archive is ever written as HTML here: text goes in through textContent.
(function () {
  "use strict";

  function fontButtons() {
    var article = document.getElementById("article");
    if (!article) return;
    var saved = parseFloat(localStorage.getItem("rasad-font-size") || "");
    if (saved >= 12 && saved <= 40) article.style.fontSize = saved + "px";
    function change(step) {
      var size = parseFloat(getComputedStyle(article).fontSize) + step;
      size = Math.max(12, Math.min(40, size));
      article.style.fontSize = size + "px";
      localStorage.setItem("rasad-font-size", String(size));
    }
    document.getElementById("font-up").addEventListener("click", function () { change(2); });
    document.getElementById("font-down").addEventListener("click", function () { change(-2); });
  }

  function highlight(id) {
    document.querySelectorAll("span.sent.hl").forEach(function (s) { s.classList.remove("hl"); });
    document.querySelectorAll("li.article-event.selected").forEach(function (li) { li.classList.remove("selected"); });
    document.querySelectorAll("span.sent.s-" + id).forEach(function (s) { s.classList.add("hl"); });
    var item = document.querySelector('li.article-event[data-event="' + id + '"]');
    if (item) item.classList.add("selected");
    var anchor = document.getElementById("ev-" + id);
    if (anchor) anchor.scrollIntoView({ block: "center" });
  }

  function readerEvents() {
    document.querySelectorAll("a.show-event").forEach(function (link) {
      link.addEventListener("click", function (ev) {
        ev.preventDefault();
        var id = link.getAttribute("data-event");
        highlight(id);
        history.replaceState(null, "", "?event=" + id + "#ev-" + id);
      });
    });
    var params = new URLSearchParams(location.search);
    if (params.get("event")) highlight(params.get("event"));
  }

  function clickableRows() {
    document.querySelectorAll("tr.event").forEach(function (row) {
      row.addEventListener("click", function (ev) {
        if (ev.target.closest("a")) return;
        var open = row.querySelector("a.open");
        if (open) location.href = open.href;
      });
    });
  }

  function cell(text) {
    var td = document.createElement("td");
    td.textContent = text == null ? "" : String(text);
    return td;
  }

  function names(list) {
    var en = document.documentElement.lang === "en";
    return list.map(function (a) { return (en && a.name_en) || a.name || a.text || ""; }).join("; ");
  }

  function live() {
    var status = document.getElementById("live-status");
    if (!status || !window.EventSource) return;
    var body = document.querySelector("table.events tbody");
    var source = new EventSource("/api/stream?after=" + encodeURIComponent(status.getAttribute("data-after")));
    source.addEventListener("event", function (message) {
      var e = JSON.parse(message.data);
      var empty = body.querySelector("td.empty");
      if (empty) empty.parentNode.remove();
      var row = document.createElement("tr");
      row.className = "event fresh";
      row.setAttribute("data-id", e.id);
      row.appendChild(cell(e.date));
      var type = document.createElement("td");
      var badge = document.createElement("span");
      badge.className = "type t-" + e.type;
      badge.textContent = e.type;
      type.appendChild(badge);
      row.appendChild(type);
      row.appendChild(cell(names(e.actors)));
      row.appendChild(cell(names(e.recipients)));
      row.appendChild(cell(e.num_sources));
      var sentence = document.createElement("td");
      sentence.className = "sentence";
      sentence.dir = "rtl";
      if (e.first && e.first.article_id) {
        var link = document.createElement("a");
        link.className = "open";
        link.href = "/articles/" + e.first.article_id + "?event=" + e.id + "#ev-" + e.id;
        link.textContent = e.first.sentence || "…";
        sentence.appendChild(link);
      }
      row.appendChild(sentence);
      body.insertBefore(row, body.firstChild);
      status.setAttribute("data-after", e.id);
      status.classList.add("connected");
    });
    source.addEventListener("hello", function () { status.classList.add("connected"); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    fontButtons();
    readerEvents();
    clickableRows();
    live();
  });
})();
