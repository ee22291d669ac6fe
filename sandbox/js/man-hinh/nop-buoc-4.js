/*
 * Màn hình nộp trực tuyến, step 4: review, pledge, submit (#/nop/<slug>/4).
 */
(function (C) {
  "use strict";
  if (!C) return; // du-lieu.js is missing: js/00-nen.js said so on the page

  var SESSION = C.SESSION, LOCAL = C.LOCAL, load = C.load, save = C.save, drop = C.drop, h = C.h,
    fileSize = C.fileSize, money = C.money, pad = C.pad, ERR = C.ERR, go = C.go, endSession = C.endSession,
    idleExpired = C.idleExpired, alertZone = C.alertZone, showError = C.showError, clearZone = C.clearZone,
    showSummary = C.showSummary, dl = C.dl, amountOf = C.amountOf, formPage = C.formPage,
    navButtons = C.navButtons, scenarioSubmitted = C.scenarioSubmitted;

  // Step 4: review, pledge, submit -> dossier code.
  function stepReview(p, acc, draft, body, here) {
    var info = draft.thong_tin;
    var chosenCase = p.truong_hop[draft.truong_hop] || p.truong_hop[0];
    var amount = amountOf(p);
    var zone = alertZone();
    var summary = h("div", { class: "summary-zone" });
    var files = chosenCase.giay_to.map(function (g, i) {
      var meta = draft.tep[i];
      return h("li", null, h("span", { class: "review-files__doc", text: g.ten }), ": ",
        meta ? h("span", { text: meta.ten + " (" + fileSize(meta.kich_thuoc) + ")" }) : h("span", { class: "muted", text: "không đính kèm" }));
    });
    var pledgeId = "cam-doan";
    var pledge = h("input", { type: "checkbox", id: pledgeId, "aria-describedby": "cam-doan-loi" });
    var pledgeError = h("p", { class: "field__error", id: "cam-doan-loi", hidden: true });

    function submit(ev) {
      ev.preventDefault();
      clearZone(zone);
      if (idleExpired()) { endSession(here); return; }
      var missing = chosenCase.giay_to.some(function (g, i) { return g.bat_buoc && !draft.tep[i]; });
      if (missing) { showError(zone, ERR.ATTACHMENT_NOT_SAVED); return; }
      if (!pledge.checked) {
        pledgeError.textContent = "Vui lòng xác nhận lời cam đoan trước khi nộp hồ sơ";
        pledgeError.hidden = false;
        pledge.setAttribute("aria-invalid", "true");
        showSummary(summary, [{ input: pledge, message: pledgeError.textContent }]);
        return;
      }
      var code = newDossierCode();
      var dossiers = load(LOCAL, "ho-so", []);
      dossiers.unshift({
        ma: code, slug: p.slug, thu_tuc: p.ten, ma_thu_tuc: p.ma, nguoi_nop: info.ho_ten,
        so_dinh_danh: acc.so_dinh_danh, ngay_nop: new Date().toISOString(), noi_nop: info.noi_nop,
        co_quan: p.co_quan, truong_hop: chosenCase.ten, nhan_ket_qua: info.nhan_ket_qua,
        thanh_toan: amount ? "Đã thanh toán " + money(amount) : "Không phải thanh toán",
        tep: chosenCase.giay_to.map(function (g, i) { return draft.tep[i] ? g.ten + ": " + draft.tep[i].ten : null; }).filter(Boolean),
        trang_thai: "Chờ tiếp nhận", thoi_han: p.truc_tuyen ? p.truc_tuyen.thoi_han : "",
      });
      save(LOCAL, "ho-so", dossiers.slice(0, 200));
      scenarioSubmitted(p, acc, draft, code);
      drop(SESSION, "ban-nhap");
      go("/ket-qua/" + code);
    }

    body.appendChild(h("h2", { class: "card__title", text: "Bước 4. Xác nhận và nộp hồ sơ" }));
    body.appendChild(summary);
    body.appendChild(zone);
    body.appendChild(dl([
      ["Thủ tục", p.ten + " (" + p.ma + ")"],
      ["Người nộp", info.ho_ten + " — " + info.so_dinh_danh],
      ["Số điện thoại", info.dien_thoai],
      ["Thư điện tử", info.email],
      ["Địa chỉ liên hệ", info.dia_chi],
      ["Đối tượng thực hiện", info.doi_tuong],
      ["Trường hợp", chosenCase.ten],
      ["Nơi nộp hồ sơ", info.noi_nop + " — " + p.co_quan],
      ["Hình thức nhận kết quả", info.nhan_ket_qua],
      ["Phí, lệ phí", amount ? "Đã thanh toán " + money(amount) : "Không phải thanh toán trực tuyến"],
      ["Thời hạn giải quyết", p.truc_tuyen ? p.truc_tuyen.thoi_han : ""],
    ]));
    body.appendChild(h("h3", { class: "subheading", text: "Tệp đính kèm" }));
    body.appendChild(h("ul", { class: "review-files" }, files));
    body.appendChild(h("form", { novalidate: true, onsubmit: submit, class: "form" },
      h("div", { class: "choice choice--pledge" }, pledge,
        h("label", { for: pledgeId, text: "Tôi xin cam đoan những thông tin đã khai là đúng sự thật" })),
      pledgeError,
      navButtons("/nop/" + p.slug + "/3", "Nộp hồ sơ")));
  }

  function newDossierCode() {
    var d = new Date();
    var day = String(d.getFullYear()).slice(2) + pad(d.getMonth() + 1) + pad(d.getDate());
    var counters = load(LOCAL, "dem", {});
    counters = counters[day] ? counters : {};
    counters[day] = (counters[day] || 0) + 1;
    save(LOCAL, "dem", counters);
    return "TH-" + day + "-" + pad(counters[day], 4);
  }

  C.screen("nop-buoc-4", function (query, slug) { return formPage(slug, 4, stepReview); });
})(window.CONG_THUC_HANH);
