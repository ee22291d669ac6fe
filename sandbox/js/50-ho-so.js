/*
 * Cổng thực hành — the dossier: the online form's steps and labels, the draft kept for the
 * session, submitted dossiers (localStorage) and how they are shown. Shared by the form's
 * screens, the scenario checker, the result, lookup and guide screens.
 */
(function (C) {
  "use strict";
  if (!C) return; // du-lieu.js is missing: js/00-nen.js said so on the page

  var D = C.D, SESSION = C.SESSION, LOCAL = C.LOCAL, load = C.load, save = C.save, fold = C.fold,
    dateTime = C.dateTime, h = C.h, dl = C.dl;

  var STEPS = ["Thông tin hồ sơ", "Đính kèm giấy tờ", "Phí, lệ phí", "Xác nhận và nộp"];
  // Labels of the form's own fields (the applicant fields come from du-lieu.js). Scenario data
  // names fields by these labels, so the checker and the form share them.
  var LABEL = {
    doi_tuong: "Đối tượng thực hiện",
    truong_hop: "Trường hợp hồ sơ",
    noi_nop: "Xã, phường nơi nộp hồ sơ",
    nhan_ket_qua: "Hình thức nhận kết quả",
    hinh_thuc: "Hình thức thanh toán",
  };
  var PAYMENT_METHODS = ["Thẻ ATM nội địa, Internet Banking", "Ví điện tử", "Quét mã QR ngân hàng"];

  function draftFor(p, acc) {
    var draft = load(SESSION, "ban-nhap", null);
    if (draft && draft.slug === p.slug) return draft;
    var info = {};
    D.truong_nguoi_nop.forEach(function (f) { info[f.id] = f.nguon ? acc[f.nguon] || "" : ""; });
    info.doi_tuong = p.doi_tuong[0] || "";
    info.noi_nop = "";
    info.nhan_ket_qua = D.nhan_ket_qua[0];
    return { slug: p.slug, xong: 0, thong_tin: info, truong_hop: 0, tep: {}, thanh_toan: { trang_thai: "chua" } };
  }
  function saveDraft(draft) { save(SESSION, "ban-nhap", draft); }
  function amountOf(p) { return p.truc_tuyen ? p.truc_tuyen.so_tien : 0; }
  function mentionsBirthCertificate(p) {
    return p.truong_hop.some(function (c) { return c.giay_to.some(function (g) { return fold(g.ten).indexOf("chung sinh") >= 0; }); });
  }

  function copiesText(g) {
    var parts = [];
    if (g.xuat_trinh) parts.push("Xuất trình, không nộp");
    if (g.ban_chinh) parts.push(g.ban_chinh + " bản chính");
    if (g.ban_sao) parts.push(g.ban_sao + " bản sao");
    return parts.join(", ");
  }

  function findDossier(code) {
    return load(LOCAL, "ho-so", []).filter(function (d) { return d.ma === code; })[0] || null;
  }

  function dossierFacts(d) {
    return dl([
      ["Mã hồ sơ", h("span", { class: "code", text: d.ma })],
      ["Thủ tục", d.thu_tuc + " (" + d.ma_thu_tuc + ")"],
      ["Người nộp", d.nguoi_nop],
      ["Ngày nộp", dateTime(d.ngay_nop)],
      ["Nơi nộp hồ sơ", d.noi_nop + " — " + d.co_quan],
      ["Trường hợp", d.truong_hop],
      ["Trạng thái", h("span", { class: "badge badge--status", text: d.trang_thai })],
      ["Phí, lệ phí", d.thanh_toan],
      ["Thời hạn giải quyết", d.thoi_han],
      ["Tệp đính kèm", d.tep.join("; ")],
    ]);
  }

  Object.assign(C, { STEPS, LABEL, PAYMENT_METHODS, draftFor, saveDraft, amountOf, mentionsBirthCertificate, copiesText, findDossier, dossierFacts });
})(window.CONG_THUC_HANH);
