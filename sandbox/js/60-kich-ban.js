/*
 * Cổng thực hành — practice scenarios (?kich-ban=<id>): a goal, sample data and errors
 * switched on, from the training modules via du-lieu.js. The trainee uses the portal
 * normally; the panel "Bài thực hành" (on every screen) ticks what is done step by step and
 * grades the dossier on submission.
 */
(function (C) {
  "use strict";
  if (!C) return; // du-lieu.js is missing: js/00-nen.js said so on the page

  var D = C.D, SESSION = C.SESSION, load = C.load, save = C.save, drop = C.drop, money = C.money, h = C.h,
    icon = C.icon, visuallyHidden = C.visuallyHidden, ERRORS = C.ERRORS, procedure = C.procedure, go = C.go,
    render = C.render, sayWithNextScreen = C.sayWithNextScreen, params = C.params, switchedOn = C.switchedOn,
    resetForced = C.resetForced, account = C.account, renderAccount = C.renderAccount, button = C.button,
    STEPS = C.STEPS, LABEL = C.LABEL, amountOf = C.amountOf;

  var SCENARIOS = D.kich_ban || [];
  var SCENARIO_BY_ID = Object.create(null);
  SCENARIOS.forEach(function (s) { if (!SCENARIO_BY_ID[s.id]) SCENARIO_BY_ID[s.id] = s; });
  // Labels that exist only on the sign-in screens: used there, never compared.
  var SIGN_IN_ONLY = ["Mật khẩu", "Mã xác thực", "Mã OTP"];
  var ID_LABEL = D.truong_nguoi_nop.filter(function (f) { return f.id === "so_dinh_danh"; })[0].nhan;

  var unknownScenario = null; // ?kich-ban= with an id that does not exist
  var lastStatuses = null; // item id -> status at the last render (to announce changes)
  var panelSignature = null;

  // Values are compared trimmed, with inner spaces collapsed, in NFC, case-insensitively.
  // Dates and numbers are compared as written.
  function norm(text) {
    return String(text === null || text === undefined ? "" : text).normalize("NFC").replace(/\s+/g, " ").trim().toLowerCase();
  }
  function same(a, b) { return norm(a) === norm(b); }
  function quote(text) { return "“" + text + "”"; }
  function stepName(n) { return "Bước " + n + " – " + STEPS[n - 1]; }

  function scenarioState() {
    var st = load(SESSION, "kich-ban", null);
    return st && SCENARIO_BY_ID[st.id] ? st : null;
  }
  function activeScenario() {
    var st = scenarioState();
    return st ? SCENARIO_BY_ID[st.id] : null;
  }
  function saveScenarioState(st) { save(SESSION, "kich-ban", st); }

  function switchOn(ids) {
    var on = switchedOn();
    ids.forEach(function (id) { if (on.indexOf(id) < 0) on.push(id); });
    if (on.length) save(SESSION, "loi", on);
  }
  function switchOff(ids) {
    var on = switchedOn().filter(function (id) { return ids.indexOf(id) < 0; });
    if (on.length) save(SESSION, "loi", on); else drop(SESSION, "loi");
  }
  function setUrlParam(name, value) {
    var url = new URL(window.location.href);
    if (value === null) url.searchParams.delete(name); else url.searchParams.set(name, value);
    try { window.history.replaceState(null, "", url.href); } catch (e) { /* file:// in some browsers */ }
  }

  // A fresh start: signed out, no draft, the scenario's errors switched on.
  function startScenario(sc) {
    var previous = activeScenario();
    if (previous) switchOff(previous.loi);
    ["tai-khoan", "ban-nhap", "hoat-dong", "cho-otp", "thong-bao-dang-nhap"].forEach(function (k) { drop(SESSION, k); });
    saveScenarioState({ id: sc.id, mo_rong: true, da_mo: null, ket_qua: null });
    switchOn(sc.loi);
    resetForced(true);
    lastStatuses = null;
  }
  function restartScenario() {
    var sc = activeScenario();
    if (!sc) return;
    startScenario(sc);
    renderAccount();
    sayWithNextScreen("Đã bắt đầu lại bài thực hành " + quote(sc.ten) + ". Hãy đăng nhập và làm lại từ đầu.");
    go("/");
  }
  function endScenario() {
    var sc = activeScenario();
    if (sc) switchOff(sc.loi);
    drop(SESSION, "kich-ban");
    setUrlParam("kich-ban", null);
    unknownScenario = null;
    lastStatuses = null;
    sayWithNextScreen("Đã kết thúc bài thực hành.");
    render();
  }

  // Called once at start from the query string (before the first render).
  function scenarioFromUrl(loiGiven, loiOff) {
    if (!params.has("kich-ban")) return;
    var id = params.get("kich-ban").trim();
    if (!id || id === "tat") {
      var sc0 = activeScenario();
      if (sc0) switchOff(sc0.loi);
      drop(SESSION, "kich-ban");
      setUrlParam("kich-ban", null);
      return;
    }
    var sc = SCENARIO_BY_ID[id];
    if (!sc) { unknownScenario = id; return; }
    var st = scenarioState();
    if (!st || st.id !== sc.id) startScenario(sc);
    // Same scenario reloaded: keep the progress; ?loi= replaced the list, so add its errors back.
    else if (loiGiven && !loiOff) switchOn(sc.loi);
  }

  // The opened online form (the procedure the trainee chose).
  function scenarioSawForm(p) {
    var st = scenarioState();
    if (!st || st.da_mo === p.slug) return;
    st.da_mo = p.slug;
    saveScenarioState(st);
  }

  // Where a label of the sample data is on the portal and what was entered there.
  // Returns null when no field of the portal has this label.
  function locate(label, p, draft) {
    var key = norm(label);
    var info = draft ? draft.thong_tin : {};
    var chosenCase = draft ? p.truong_hop[draft.truong_hop] || p.truong_hop[0] : null;
    var applicant = D.truong_nguoi_nop.filter(function (f) { return norm(f.nhan) === key; })[0];
    if (applicant) {
      return { buoc: 1, loai: "o", nhan: applicant.nhan, gia_tri: info[applicant.id], chi_doc: applicant.chi_doc,
        dang_nhap: applicant.id === "so_dinh_danh" || applicant.id === "dien_thoai" };
    }
    if (key === norm(LABEL.doi_tuong)) return { buoc: 1, loai: "o", nhan: LABEL.doi_tuong, gia_tri: info.doi_tuong };
    if (key === norm(LABEL.noi_nop)) return { buoc: 1, loai: "o", nhan: LABEL.noi_nop, gia_tri: info.noi_nop };
    if (key === norm(LABEL.truong_hop)) return { buoc: 1, loai: "muc", nhan: LABEL.truong_hop, gia_tri: chosenCase ? chosenCase.ten : "" };
    if (key === norm(LABEL.nhan_ket_qua)) return { buoc: 1, loai: "muc", nhan: LABEL.nhan_ket_qua, gia_tri: info.nhan_ket_qua };
    if (key === norm(LABEL.hinh_thuc)) {
      return { buoc: 3, loai: "muc", nhan: LABEL.hinh_thuc, gia_tri: draft ? draft.thanh_toan.hinh_thuc : "", khong_co: amountOf(p) === 0 };
    }
    var inCase = chosenCase ? chosenCase.giay_to.map(function (g, i) { return { g: g, i: i }; })
      .filter(function (x) { return norm(x.g.ten) === key; })[0] : null;
    if (inCase) {
      var meta = draft.tep[inCase.i];
      return { buoc: 2, loai: "giay-to", nhan: inCase.g.ten, gia_tri: meta ? meta.ten : "", chi_so: inCase.i };
    }
    var anyCase = p.truong_hop.some(function (c) { return c.giay_to.some(function (g) { return norm(g.ten) === key; }); });
    if (anyCase) return { buoc: 2, loai: "giay-to", nhan: label, gia_tri: "", khac_truong_hop: !!chosenCase, truong_hop: chosenCase ? chosenCase.ten : "" };
    if (SIGN_IN_ONLY.some(function (l) { return norm(l) === key; })) return { buoc: 0, nhan: label };
    return null;
  }

  // Where the trainee types a value of the sample data (column "Nhập ở" of the panel).
  function placeText(label, p) {
    var where = locate(label, p, null);
    if (!where) return "Không có trên cổng thực hành";
    if (where.buoc === 0) return "Đăng nhập VNeID";
    if (where.dang_nhap) return "Đăng nhập VNeID và " + stepName(1);
    return stepName(where.buoc);
  }

  // One difference between what was entered and what the scenario asks, or null.
  function difference(where, wanted) {
    var name = quote(where.nhan), want = quote(wanted);
    if (where.loai === "giay-to") {
      if (where.khac_truong_hop) return "không có giấy tờ " + name + " trong trường hợp " + quote(where.truong_hop) + " đã chọn";
      if (!where.gia_tri) return "giấy tờ " + name + " chưa có tệp đã lưu, bài yêu cầu tệp " + want;
      return same(where.gia_tri, wanted) ? null : "giấy tờ " + name + " là tệp " + quote(where.gia_tri) + ", bài yêu cầu tệp " + want;
    }
    if (where.khong_co) return "thủ tục này không phải thanh toán trực tuyến, không có mục " + name;
    if (same(where.gia_tri, wanted)) return null;
    if (where.loai === "muc") {
      return where.gia_tri ? "mục " + name + " đã chọn " + quote(where.gia_tri) + ", bài yêu cầu " + want : "mục " + name + " chưa chọn, bài yêu cầu " + want;
    }
    if (!where.gia_tri) return "ô " + name + " để trống, bài yêu cầu " + want;
    return "ô " + name + " là " + quote(where.gia_tri) + ", bài yêu cầu " + want + (where.chi_doc ? " (ô này lấy từ tài khoản đăng nhập)" : "");
  }

  function dataValue(sc, label) {
    var row = sc.du_lieu.filter(function (d) { return same(d.nhan, label); })[0];
    return row ? row.gia_tri : null;
  }

  // The checklist with the state of each item: "chua" (not reached yet), "dung", "sai".
  // ctx: { acc, draft, opened (slug of the form opened), submitted }.
  function checkScenario(sc, ctx) {
    var target = procedure(sc.thu_tuc.slug);
    var items = [];
    function item(id, short, text, reached, problems) {
      items.push({ id: id, ngan: short, ten: text, trang_thai: !reached ? "chua" : problems.length ? "sai" : "dung", van_de: reached ? problems : [] });
    }
    var acc = ctx.acc;
    var wantId = dataValue(sc, ID_LABEL);
    item("dang-nhap", "Đăng nhập", "Đăng nhập bằng tài khoản định danh điện tử" + (wantId ? " có số định danh " + wantId : ""), !!acc,
      acc && wantId !== null && !same(acc.so_dinh_danh, wantId)
        ? ["Đăng nhập: đã đăng nhập bằng số định danh " + quote(acc.so_dinh_danh) + ", bài yêu cầu " + quote(wantId) + "; hãy đăng xuất và đăng nhập lại"]
        : []);

    var wrongProcedure = ctx.opened && ctx.opened !== sc.thu_tuc.slug ? procedure(ctx.opened) : null;
    item("thu-tuc", "Chọn thủ tục", "Tìm thủ tục " + quote(sc.thu_tuc.ten) + " (mã " + sc.thu_tuc.ma + ") và bấm “Nộp trực tuyến”", !!ctx.opened,
      wrongProcedure ? ["Chọn thủ tục: " + (ctx.submitted ? "đã nộp " : "đang khai ") + quote(wrongProcedure ? wrongProcedure.ten : ctx.opened) +
        ", bài yêu cầu " + quote(sc.thu_tuc.ten) + " (mã " + sc.thu_tuc.ma + ")" + (ctx.submitted ? "; các bước của tờ khai không được chấm" : "")] : []);

    var draft = !target || wrongProcedure || !ctx.draft || ctx.draft.slug !== sc.thu_tuc.slug ? null : ctx.draft;
    var done = draft ? (ctx.submitted ? 4 : draft.xong) : 0;
    var problems = { 1: [], 2: [], 3: [], 4: [] };
    var coveredDocs = {};
    sc.du_lieu.forEach(function (d) {
      if (!target) return;
      var where = locate(d.nhan, target, draft);
      if (!where) { problems[4].push("Dữ liệu bài thực hành: không có ô " + quote(d.nhan) + " trên tờ khai của thủ tục này; báo giảng viên"); return; }
      if (where.buoc === 0 || same(d.nhan, ID_LABEL) || !draft) return; // sign-in only; the account is checked above
      if (where.chi_so !== undefined) coveredDocs[where.chi_so] = true;
      var diff = difference(where, d.gia_tri);
      if (diff) problems[where.buoc].push(stepName(where.buoc) + ": " + diff);
    });
    var amount = target ? amountOf(target) : 0;
    if (draft) {
      var chosenCase = target.truong_hop[draft.truong_hop] || target.truong_hop[0];
      chosenCase.giay_to.forEach(function (g, i) {
        if (g.bat_buoc && !draft.tep[i] && !coveredDocs[i]) problems[2].push(stepName(2) + ": giấy tờ bắt buộc " + quote(g.ten) + " chưa có tệp đã lưu");
      });
      if (amount > 0 && draft.thanh_toan.trang_thai !== "xong") problems[3].push(stepName(3) + ": chưa thanh toán " + money(amount));
    }
    item("buoc-1", "Bước 1", stepName(1) + ": khai đúng dữ liệu mẫu, bấm “Tiếp tục”", done >= 1, problems[1]);
    item("buoc-2", "Bước 2", stepName(2) + ": chọn tệp và bấm “Lưu tệp” cho mọi giấy tờ bắt buộc", done >= 2, problems[2]);
    var wantsMethod = dataValue(sc, LABEL.hinh_thuc) !== null;
    if (amount > 0 || wantsMethod) {
      item("buoc-3", "Bước 3", stepName(3) + ": thanh toán " + (amount ? money(amount) : "phí, lệ phí") + " và bấm “Tiếp tục”", done >= 3, problems[3]);
    }
    item("nop", "Nộp hồ sơ", stepName(4) + ": đánh dấu lời cam đoan, bấm “Nộp hồ sơ” và ghi lại mã hồ sơ", !!ctx.submitted, problems[4]);
    return items;
  }

  function liveCheck(sc, st) {
    return checkScenario(sc, { acc: account(), draft: load(SESSION, "ban-nhap", null), opened: st.da_mo, submitted: false });
  }

  // Submission: grade the dossier (every later submission in the scenario is graded again).
  function scenarioSubmitted(p, acc, draft, code) {
    var st = scenarioState();
    if (!st) return;
    var sc = SCENARIO_BY_ID[st.id];
    st.da_mo = p.slug;
    var items = checkScenario(sc, { acc: acc, draft: draft, opened: p.slug, submitted: true });
    var ok = items.every(function (i) { return i.trang_thai === "dung"; });
    st.ket_qua = { dat: ok, ma_ho_so: code, thu_tuc: p.ten, viec: items };
    st.mo_rong = false; // the outcome says it all; the details stay one click away
    saveScenarioState(st);
    var first = [].concat.apply([], items.map(function (i) { return i.van_de; }))[0];
    sayWithNextScreen(ok ? "Hoàn thành bài thực hành." : "Bài thực hành chưa đúng. " + (first || ""));
  }

  var STATUS_TEXT = { dung: "đã xong", sai: "chưa đúng", chua: "chưa làm" };

  // slug: the scenario's procedure, to link a wrong step back to its screen of the form.
  function checklist(items, withProblems, slug) {
    return h("ol", { class: "task-list", "aria-labelledby": "bai-thuc-hanh-viec" }, items.map(function (i) {
      var step = /^buoc-([1-3])$/.exec(i.id);
      var fix = withProblems && slug && step && i.trang_thai === "sai"
        ? h("p", { class: "task-list__fix" }, h("a", { href: "#/nop/" + slug + "/" + step[1], text: "Sửa " + stepName(Number(step[1])) })) : null;
      return h("li", { class: "task-list__item task-list__item--" + i.trang_thai },
        h("span", { class: "task-list__mark", "aria-hidden": "true", text: i.trang_thai === "dung" ? "✓" : i.trang_thai === "sai" ? "!" : "" }),
        h("div", { class: "task-list__body" },
          h("p", { class: "task-list__text" }, i.ten, visuallyHidden(" (" + STATUS_TEXT[i.trang_thai] + ")")),
          withProblems && i.van_de.length ? h("ul", { class: "task-list__problems" }, i.van_de.map(function (v) { return h("li", { text: v }); })) : null,
          fix));
    }));
  }

  function outcome(result) {
    var problems = [].concat.apply([], result.viec.map(function (i) { return i.van_de; }));
    if (result.dat) {
      return h("div", { class: "task-result task-result--ok", role: "status", "aria-labelledby": "bai-thuc-hanh-ket-qua" },
        icon("xong", "task-result__icon"),
        h("div", { class: "task-result__body" },
          h("p", { class: "task-result__title", id: "bai-thuc-hanh-ket-qua", text: "Hoàn thành bài thực hành" }),
          h("p", null, "Đã nộp đúng hồ sơ ", quote(result.thu_tuc), ", mã hồ sơ ", h("strong", { class: "code", text: result.ma_ho_so }), ". Đã làm:"),
          h("ul", { class: "task-result__list" }, result.viec.map(function (i) { return h("li", { text: i.ten }); }))));
    }
    return h("div", { class: "task-result task-result--wrong", role: "alert", "aria-labelledby": "bai-thuc-hanh-ket-qua" },
      icon("loi", "task-result__icon"),
      h("div", { class: "task-result__body" },
        h("p", { class: "task-result__title", id: "bai-thuc-hanh-ket-qua", text: "Bài thực hành chưa đúng" }),
        h("p", null, "Hồ sơ ", h("strong", { class: "code", text: result.ma_ho_so }), " đã nộp, nhưng " +
          (problems.length === 1 ? "có một chỗ" : "có " + problems.length + " chỗ") + " khác yêu cầu của bài:"),
        h("ul", { class: "task-result__list" }, problems.map(function (v) { return h("li", { class: "task-result__problem", text: v }); })),
        h("p", { text: "Bấm “Làm lại bài thực hành” để làm lại từ đầu." })));
  }

  function unknownNotice(id) {
    var base = window.location.pathname;
    return h("div", { class: "task-result task-result--wrong", role: "alert" },
      icon("tin", "task-result__icon"),
      h("div", { class: "task-result__body" },
        h("p", { class: "task-result__title", text: "Không tìm thấy bài thực hành " + quote(id) }),
        SCENARIOS.length
          ? [h("p", { text: "Kiểm tra lại đường dẫn giảng viên gửi, hoặc chọn một bài dưới đây:" }),
            h("ul", { class: "task-result__list", "aria-label": "Các bài thực hành" }, SCENARIOS.map(function (s) {
              return h("li", null, h("a", { href: base + "?kich-ban=" + encodeURIComponent(s.id) + "#/", text: s.ten }), " — " + s.hoc_phan_ten);
            }))]
          : h("p", { text: "Cổng thực hành này chưa có bài thực hành nào." }),
        h("div", { class: "actions" }, button("Đóng thông báo", { cls: "btn--secondary btn--small", onclick: function () {
          unknownScenario = null;
          setUrlParam("kich-ban", null);
          render();
        } }))));
  }

  // Draws the panel (only when what it shows changed, so live regions are not repeated) and
  // returns what to announce about items that changed since the last screen.
  function renderScenario() {
    var box = document.getElementById("bai-thuc-hanh");
    var st = scenarioState();
    var sc = st ? SCENARIO_BY_ID[st.id] : null;
    var items = sc ? (st.ket_qua ? st.ket_qua.viec : liveCheck(sc, st)) : [];
    var note = [];
    if (sc && !st.ket_qua) {
      var now = {};
      items.forEach(function (i) {
        now[i.id] = i.trang_thai;
        if (lastStatuses && lastStatuses[i.id] !== i.trang_thai && i.trang_thai !== "chua") {
          note.push("Bài thực hành: " + i.ngan + (i.trang_thai === "dung" ? " đã xong" : " chưa đúng. " + i.van_de[0]));
        }
      });
      lastStatuses = now;
    }
    var signature = JSON.stringify([unknownScenario, st && st.id, st && st.ket_qua, items]);
    if (signature === panelSignature) return note.join(". ");
    panelSignature = signature;
    box.replaceChildren();
    if (!sc && !unknownScenario) return note.join(". ");

    var inner = h("div", { class: "container task__inner" });
    box.appendChild(h("section", { class: "task", "aria-label": "Bài thực hành" }, inner));
    if (unknownScenario) inner.appendChild(unknownNotice(unknownScenario));
    if (!sc) return note.join(". ");

    var target = procedure(sc.thu_tuc.slug);
    var doneCount = items.filter(function (i) { return i.trang_thai === "dung"; }).length;
    var wrongCount = items.filter(function (i) { return i.trang_thai === "sai"; }).length;
    var progress = st.ket_qua
      ? (st.ket_qua.dat ? "Đã hoàn thành" : "Đã nộp, chưa đúng") + " · hồ sơ " + st.ket_qua.ma_ho_so
      : "Đã xong " + doneCount + "/" + items.length + " việc" + (wrongCount ? " · " + wrongCount + " việc chưa đúng" : "");
    var detailsId = "bai-thuc-hanh-chi-tiet";
    var toggle = h("button", { type: "button", class: "btn btn--secondary btn--small task__toggle", "aria-controls": detailsId, "aria-expanded": st.mo_rong ? "true" : "false" },
      h("span", { class: "task__chevron", "aria-hidden": "true" }), "Chi tiết bài thực hành");
    var rows = sc.du_lieu.map(function (d) {
      return h("tr", null,
        h("th", { scope: "row", "data-nhan": "Ô trên cổng", text: d.nhan }),
        h("td", { "data-nhan": "Giá trị", class: "task__value", text: d.gia_tri }),
        h("td", { "data-nhan": "Nhập ở", class: "task__place", text: target ? placeText(d.nhan, target) : "" }));
    });
    var details = h("div", { class: "task__details", id: detailsId, hidden: !st.mo_rong },
      h("h3", { class: "task__subtitle", text: "Mục tiêu" }),
      h("p", { class: "task__goal", text: sc.muc_tieu }),
      h("p", null, "Thủ tục: ", h("strong", { text: sc.thu_tuc.ten }), " (mã ", h("span", { class: "code", text: sc.thu_tuc.ma }), ")"),
      sc.du_lieu.length ? [
        h("h3", { class: "task__subtitle", id: "bai-thuc-hanh-du-lieu", text: "Dữ liệu mẫu" }),
        h("div", { class: "table-wrap" }, h("table", { class: "table task__data", "aria-labelledby": "bai-thuc-hanh-du-lieu" },
          h("thead", null, h("tr", null, ["Ô trên cổng", "Giá trị", "Nhập ở"].map(function (t) { return h("th", { scope: "col", text: t }); }))),
          h("tbody", null, rows))),
        h("p", { class: "note", text: "Giá trị được so khớp không phân biệt chữ hoa, chữ thường và khoảng trắng thừa; ngày tháng phải viết đúng như trên." }),
      ] : null,
      sc.loi.length ? h("p", { class: "task__errors" }, h("strong", { text: "Tình huống lỗi bật sẵn: " }),
        sc.loi.map(function (id) { return ERRORS[id] ? ERRORS[id].tieu_de : id; }).join("; ") + ". Gặp lỗi thì xử lý như khi làm thật.") : null,
      h("h3", { class: "task__subtitle", id: "bai-thuc-hanh-viec", text: "Việc cần làm" }),
      checklist(items, !st.ket_qua, sc.thu_tuc.slug));
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      details.hidden = !open;
      var current = scenarioState();
      if (current) { current.mo_rong = open; saveScenarioState(current); }
    });
    inner.appendChild(h("div", { class: "task__head" },
      h("div", { class: "task__titles" },
        h("p", { class: "task__kicker", text: "Bài thực hành · " + sc.hoc_phan_ten }),
        h("h2", { class: "task__title", text: sc.ten }),
        h("p", { class: "task__progress" + (wrongCount || (st.ket_qua && !st.ket_qua.dat) ? " task__progress--wrong" : st.ket_qua ? " task__progress--ok" : ""), text: progress })),
      toggle));
    if (st.ket_qua) inner.appendChild(outcome(st.ket_qua));
    inner.appendChild(details);
    inner.appendChild(h("div", { class: "actions task__actions" },
      button("Làm lại bài thực hành", { cls: "btn--secondary btn--small", onclick: restartScenario }),
      button("Kết thúc bài thực hành", { cls: "btn--light btn--small", onclick: endScenario })));
    return note.join(". ");
  }

  // "Xóa dữ liệu thực hành" (its storage is dropped with the rest): no scenario in the address
  // or in the panel any more.
  function forgetScenario() {
    setUrlParam("kich-ban", null);
    unknownScenario = null;
  }

  Object.assign(C, { scenarioFromUrl, scenarioSawForm, scenarioSubmitted, renderScenario, forgetScenario });
})(window.CONG_THUC_HANH);
