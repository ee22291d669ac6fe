/* Slide deck for screen sharing: one slide at a time, keyboard and buttons, the slide
   number in the address (#3) so a trainer can link to a slide; no server needed.
   O shows every slide (overview); P opens the presenter window (?giang-vien): the current
   and next slide, what to say, a clock. The two windows follow each other through
   postMessage between opener and popup (works from file:// too) and a BroadcastChannel
   (a presenter window reopened by hand still follows). */
(function () {
  "use strict";
  var root = document.documentElement;
  var slides = Array.prototype.slice.call(document.querySelectorAll(".slide"));
  var counter = document.querySelector(".counter");
  var presenter = /(^|[?&])giang-vien(=|&|$)/.test(window.location.search);
  var deckId = "thutuc-slides:" + window.location.pathname;
  var channel = null;
  var other = presenter ? window.opener : null;
  var current = 0;
  var started = Date.now();
  var panel = null;

  // Slide text is sized for the slide (generators/deck.py splits long lists); this only
  // catches what the generator could not foresee, and never goes below 85 % of the size.
  var MIN_SCALE = 0.85;
  function fit(slide) {
    slide.style.fontSize = "";
    var base = parseFloat(getComputedStyle(slide).fontSize);
    var scale = 1;
    while (slide.scrollHeight > slide.clientHeight + 1 && scale > MIN_SCALE) {
      scale = Math.max(MIN_SCALE, scale - 0.05);
      slide.style.fontSize = (base * scale) + "px";
    }
    slide.dataset.fit = slide.scrollHeight > slide.clientHeight + 1 ? "overflow" : scale < 1 ? "tight" : "ok";
  }

  function send(index) {
    var message = { deck: deckId, slide: index + 1 };
    if (channel) channel.postMessage(message);
    if (other && !other.closed) other.postMessage(message, "*");
  }

  function show(index, quiet) {
    var previous = current;
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach(function (slide, i) {
      var visible = i === current || (presenter && i === current + 1);
      if (!root.classList.contains("overview")) slide.hidden = !visible;
      slide.classList.toggle("current", i === current);
      slide.classList.toggle("next", presenter && i === current + 1);
      slide.setAttribute("aria-hidden", String(i !== current && !root.classList.contains("overview")));
    });
    counter.textContent = (current + 1) + " / " + slides.length;
    if (window.location.hash !== "#" + (current + 1)) history.replaceState(null, "", window.location.search + "#" + (current + 1));
    if (!root.classList.contains("overview")) {
      fit(slides[current]);
      if (presenter && slides[current + 1]) fit(slides[current + 1]);
    }
    if (presenter) updatePanel();
    if (!quiet && previous !== current) send(current);
  }

  function updatePanel() {
    panel.textContent = "";
    var clock = document.createElement("p");
    clock.className = "clock";
    panel.appendChild(clock);
    tick();
    var notes = slides[current].querySelector(".notes");
    if (notes) {
      Array.prototype.forEach.call(notes.children, function (p) { panel.appendChild(p.cloneNode(true)); });
    } else {
      var none = document.createElement("p");
      none.textContent = "(Trang này không có ghi chú.)";
      panel.appendChild(none);
    }
  }

  function tick() {
    var clock = panel && panel.querySelector(".clock");
    if (!clock) return;
    var seconds = Math.floor((Date.now() - started) / 1000);
    var mm = Math.floor(seconds / 60), ss = seconds % 60;
    clock.textContent = "Trang " + (current + 1) + "/" + slides.length + " · đã trình bày " + mm + ":" + (ss < 10 ? "0" : "") + ss;
  }

  function toggleOverview(on) {
    var enable = on === undefined ? !root.classList.contains("overview") : on;
    root.classList.toggle("overview", enable);
    document.querySelector("[data-toggle=overview]").setAttribute("aria-pressed", String(enable));
    slides.forEach(function (slide) {
      if (enable) { slide.hidden = false; slide.tabIndex = 0; slide.setAttribute("aria-hidden", "false"); }
      else slide.removeAttribute("tabindex");
    });
    if (enable) slides[current].scrollIntoView({ block: "center" });
    else show(current, true);
  }

  function openPresenter() {
    var url = window.location.pathname + "?giang-vien#" + (current + 1);
    other = window.open(url, "giang-vien-" + window.location.pathname, "popup,width=1200,height=800");
  }

  function fromHash() {
    var n = parseInt(window.location.hash.slice(1), 10);
    show(isNaN(n) ? 0 : n - 1);
  }

  function receive(data) {
    if (!data || data.deck !== deckId || typeof data.slide !== "number") return;
    if (data.slide - 1 !== current) show(data.slide - 1, true);
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var key = event.key;
    var overview = root.classList.contains("overview");
    if (overview && (key === "Enter" || key === " ") && event.target.classList && event.target.classList.contains("slide")) {
      show(slides.indexOf(event.target));
      toggleOverview(false);
    } else if (key === "ArrowRight" || key === "PageDown" || key === " " || key === "Enter") show(current + 1);
    else if (key === "ArrowLeft" || key === "PageUp" || key === "Backspace") show(current - 1);
    else if (key === "Home") show(0);
    else if (key === "End") show(slides.length - 1);
    else if (key === "o" || key === "O" || (key === "Escape" && overview)) toggleOverview();
    else if ((key === "p" || key === "P") && !presenter) openPresenter();
    else if (key === "f" || key === "F") {
      if (document.fullscreenElement) document.exitFullscreen();
      else if (root.requestFullscreen) root.requestFullscreen();
    } else return;
    event.preventDefault();
  });
  document.querySelectorAll("[data-go]").forEach(function (button) {
    button.addEventListener("click", function () { show(current + (button.dataset.go === "next" ? 1 : -1)); });
  });
  document.querySelector("[data-toggle=overview]").addEventListener("click", function () { toggleOverview(); });
  document.querySelector("[data-open=presenter]").addEventListener("click", openPresenter);
  slides.forEach(function (slide, i) {
    slide.addEventListener("click", function () {
      if (root.classList.contains("overview")) { show(i); toggleOverview(false); }
    });
  });
  window.addEventListener("message", function (event) {
    if (event.source && (event.source === other || event.source === window.opener)) receive(event.data);
  });
  if (typeof BroadcastChannel === "function") {
    try {
      channel = new BroadcastChannel(deckId);
      channel.onmessage = function (event) { receive(event.data); };
    } catch (e) { channel = null; }
  }
  window.addEventListener("hashchange", fromHash);
  window.addEventListener("resize", function () { if (!root.classList.contains("overview")) show(current, true); });
  root.classList.add("js");
  if (presenter) {
    root.classList.add("presenter");
    document.title = "Giảng viên — " + document.title;
    panel = document.createElement("section");
    panel.className = "presenter-panel";
    panel.setAttribute("aria-label", "Ghi chú của giảng viên");
    panel.setAttribute("aria-live", "polite");
    document.body.appendChild(panel);
    document.querySelector("[data-open=presenter]").hidden = true;
    setInterval(tick, 1000);
  }
  fromHash();
  // The presenter window announces where it is, so the audience window catches up.
  if (presenter) send(current);
})();
