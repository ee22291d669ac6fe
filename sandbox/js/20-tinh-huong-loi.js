/*
 * Cổng thực hành — error switches (?loi=a,b): persisted for the session; each switched-on
 * error happens once at its point every time the screen holding that point is opened.
 * Also the recording mode (?co-dinh=1).
 */
(function (C) {
  "use strict";
  if (!C) return; // du-lieu.js is missing: js/00-nen.js said so on the page

  var SESSION = C.SESSION, load = C.load, save = C.save, drop = C.drop, h = C.h, icon = C.icon,
    ERRORS = C.ERRORS, SIMULATED = C.SIMULATED, ERR = C.ERR, announce = C.announce;

  var params = new URLSearchParams(window.location.search);
  var loiOff = false;
  if (params.has("loi")) {
    var wanted = params.get("loi").split(",").map(function (s) { return s.trim(); }).filter(Boolean);
    loiOff = wanted.length === 0 || wanted.indexOf("tat") >= 0;
    if (loiOff) drop(SESSION, "loi");
    else save(SESSION, "loi", wanted);
  }
  if (params.has("co-dinh")) {
    if (params.get("co-dinh") === "0") drop(SESSION, "co-dinh");
    else save(SESSION, "co-dinh", true);
  }
  function switchedOn() { return load(SESSION, "loi", []); }
  function fixedMode() { return load(SESSION, "co-dinh", false) === true; }

  // Errors that end the screen they happen on (the session ends) happen once per page load,
  // or the trainee could never get past them.
  var ONCE_PER_LOAD = [ERR.SESSION_EXPIRED];
  var fired = {}, firedThisLoad = {};
  // True when the error is switched on, simulated, and has not happened yet on this screen.
  function takeForced(id) {
    if (switchedOn().indexOf(id) < 0 || !SIMULATED[id] || fired[id] || firedThisLoad[id]) return false;
    fired[id] = true;
    if (ONCE_PER_LOAD.indexOf(id) >= 0) firedThisLoad[id] = true;
    return true;
  }
  // A new screen (wholeLoad false) or a fresh start (true): switched-on errors happen again.
  function resetForced(wholeLoad) {
    fired = {};
    if (wholeLoad) firedThisLoad = {};
  }

  function renderSwitchBar() {
    var bar = document.getElementById("tinh-huong");
    bar.replaceChildren();
    var on = switchedOn();
    if (!on.length && !fixedMode()) return;
    var known = on.filter(function (id) { return SIMULATED[id]; });
    var unknown = on.filter(function (id) { return !SIMULATED[id]; });
    var inner = h("div", { class: "container switch-bar__inner" },
      icon("tin"),
      h("div", { class: "switch-bar__text" },
        known.length ? h("p", null, h("strong", { text: "Tình huống lỗi đang bật: " }),
          known.map(function (id) { return ERRORS[id].tieu_de; }).join("; ") + ".") : null,
        unknown.length ? h("p", null, "Không mô phỏng được trong cổng thực hành: " + unknown.join(", ") + ".") : null,
        fixedMode() ? h("p", null, "Chế độ quay video: mã xác thực và mã OTP cố định.") : null),
      h("button", { type: "button", class: "btn btn--small btn--light", onclick: turnSwitchesOff, text: "Tắt tình huống lỗi" }));
    bar.appendChild(h("section", { class: "switch-bar", "aria-label": "Tình huống thực hành" }, inner));
  }
  function turnSwitchesOff() {
    drop(SESSION, "loi");
    drop(SESSION, "co-dinh");
    var url = new URL(window.location.href);
    url.searchParams.delete("loi");
    url.searchParams.delete("co-dinh");
    try { window.history.replaceState(null, "", url.href); } catch (e) { /* file:// in some browsers */ }
    renderSwitchBar();
    announce("Đã tắt các tình huống lỗi.");
  }

  Object.assign(C, { params, loiOff, switchedOn, fixedMode, takeForced, resetForced, renderSwitchBar, turnSwitchesOff });
})(window.CONG_THUC_HANH);
