/*
 * Cổng thực hành — start: the page's own buttons, the hash router, the first screen.
 */
(function (C) {
  "use strict";
  if (!C) return; // du-lieu.js is missing: js/00-nen.js said so on the page

  var main = C.main, SESSION = C.SESSION, LOCAL = C.LOCAL, drop = C.drop, go = C.go, render = C.render,
    params = C.params, loiOff = C.loiOff, turnSwitchesOff = C.turnSwitchesOff,
    scenarioFromUrl = C.scenarioFromUrl, forgetScenario = C.forgetScenario;

  document.getElementById("bo-qua").addEventListener("click", function (ev) {
    ev.preventDefault();
    main.focus();
  });
  document.getElementById("xoa-du-lieu").addEventListener("click", function () {
    drop(LOCAL, "ho-so");
    drop(LOCAL, "dem");
    ["tai-khoan", "ban-nhap", "hoat-dong", "cho-otp", "loi", "co-dinh", "thong-bao-dang-nhap", "kich-ban"].forEach(function (k) { drop(SESSION, k); });
    forgetScenario();
    document.getElementById("xoa-du-lieu-ket-qua").textContent = "Đã xóa dữ liệu thực hành trong trình duyệt này.";
    turnSwitchesOff();
    go("/");
  });
  window.addEventListener("hashchange", function () {
    if (window.location.hash.indexOf("#/") === 0 || window.location.hash === "") render();
  });
  scenarioFromUrl(params.has("loi"), loiOff);
  render();
})(window.CONG_THUC_HANH);
