/*
 * Màn hình nộp trực tuyến, step 2: one upload per document of the chosen case (#/nop/<slug>/2).
 */
(function (C) {
  "use strict";
  if (!C) return; // du-lieu.js is missing: js/00-nen.js said so on the page

  var D = C.D, h = C.h, icon = C.icon, fileSize = C.fileSize, ERR = C.ERR, takeForced = C.takeForced,
    go = C.go, onCleanup = C.onCleanup, endSession = C.endSession, idleExpired = C.idleExpired,
    alertZone = C.alertZone, showError = C.showError, showMessage = C.showMessage, clearZone = C.clearZone,
    button = C.button, saveDraft = C.saveDraft, copiesText = C.copiesText, formPage = C.formPage,
    navButtons = C.navButtons;

  // Step 2: one upload per document of the chosen case; each file must be saved.
  function stepDocuments(p, acc, draft, body, here) {
    var chosenCase = p.truong_hop[draft.truong_hop] || p.truong_hop[0];
    var limits = D.gioi_han_tep;
    var zone = alertZone();
    var rows = [];
    var pending = {}; // document index -> File chosen but not saved yet (memory only)
    var savedFiles = {}; // document index -> File saved on this screen (memory only)

    function rowFor(g, i) {
      var nameId = "giay-to-" + i + "-ten";
      var statusId = "giay-to-" + i + "-trang-thai";
      // The native file input stays focusable (its name is the document's name) but is drawn
      // as a Vietnamese "Chọn tệp" button, whatever the browser's language.
      var input = h("input", {
        type: "file", id: "giay-to-" + i, class: "file-input", "aria-labelledby": nameId,
        "aria-describedby": "gioi-han-tep " + statusId,
        accept: limits.duoi.map(function (x) { return "." + x; }).join(",") + ",application/pdf,image/jpeg,image/png",
      });
      var saveButton = button("Lưu tệp", { cls: "btn--secondary btn--small", name: "Lưu tệp: " + g.ten });
      var status = h("p", { class: "upload__status", id: statusId, "aria-live": "polite" });
      var rowZone = h("div", { class: "upload__alert", role: "alert" });
      var progress = h("div", { class: "progress", role: "progressbar", "aria-label": "Đang lưu tệp: " + g.ten, "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": "0", hidden: true },
        h("div", { class: "progress__bar" }));
      var saved = h("div", { class: "upload__saved" });
      var pick = h("label", { for: "giay-to-" + i, class: "btn btn--secondary btn--small file-pick", "aria-hidden": "true" }, icon("tep"), "Chọn tệp");
      var chosenName = h("span", { class: "file-chosen", "aria-hidden": "true" });
      var row = h("li", { class: "upload" + (g.bat_buoc ? " upload--required" : "") },
        h("div", { class: "upload__head" },
          icon("tep", "upload__icon"),
          h("div", null,
            h("p", { class: "upload__name" }, h("span", { id: nameId, text: g.ten }),
              g.bat_buoc ? h("span", { class: "badge badge--req", text: "Bắt buộc" }) : h("span", { class: "badge badge--opt", text: "Không bắt buộc" })),
            h("p", { class: "upload__meta", text: copiesText(g) + (g.mau ? " · Mẫu: " + g.mau : "") }),
            g.ghi_chu ? h("p", { class: "upload__note", text: g.ghi_chu }) : null)),
        h("div", { class: "upload__controls" }, input, pick, chosenName, saveButton),
        progress, status, rowZone, saved);
      var state = { g: g, i: i, input: input, saveButton: saveButton, status: status, zone: rowZone, progress: progress, saved: saved, row: row, chosenName: chosenName };
      input.addEventListener("change", function () { choose(state); });
      saveButton.addEventListener("click", function () { store(state); });
      showState(state);
      return state;
    }

    function showState(s) {
      var meta = draft.tep[s.i];
      s.saved.replaceChildren();
      s.chosenName.textContent = pending[s.i] ? pending[s.i].name : meta ? meta.ten : "Chưa chọn tệp";
      if (meta) {
        s.status.textContent = "Đã lưu vào hồ sơ.";
        s.row.classList.add("upload--done");
        s.saved.appendChild(h("p", { class: "upload__file" }, icon("xong"),
          h("span", { class: "upload__filename", text: meta.ten }), " (" + fileSize(meta.kich_thuoc) + ") ",
          button("Xóa tệp", { cls: "btn--link", name: "Xóa tệp: " + s.g.ten, onclick: function () {
            delete draft.tep[s.i];
            saveDraft(draft);
            showState(s);
          } })));
      } else {
        s.row.classList.remove("upload--done");
        s.status.textContent = pending[s.i] ? "Đã chọn tệp " + pending[s.i].name + ", chưa lưu. Bấm “Lưu tệp” để lưu vào hồ sơ." : "Chưa có tệp.";
      }
    }

    function firstBytes(file) {
      if (!file.slice || !file.slice(0, 8).arrayBuffer) return Promise.resolve(null);
      return file.slice(0, 8).arrayBuffer().then(function (b) { return new Uint8Array(b); }, function () { return null; });
    }
    function looksLike(ext, bytes) {
      if (!bytes) return true;
      if (ext === "pdf") return bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46;
      if (ext === "png") return bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
      return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
    }

    function choose(s) {
      clearZone(s.zone);
      var file = s.input.files && s.input.files[0];
      delete pending[s.i];
      if (!file) { showState(s); return; }
      var reject = function (id) {
        s.input.value = "";
        showError(s.zone, id);
        showState(s);
      };
      var forcedSize = takeForced(ERR.FILE_TOO_LARGE);
      if (file.size > limits.toi_da_byte || forcedSize) { reject(ERR.FILE_TOO_LARGE); return; }
      var ext = (file.name.split(".").pop() || "").toLowerCase();
      var forcedFormat = takeForced(ERR.FILE_WRONG_FORMAT);
      if (limits.duoi.indexOf(ext) < 0 || file.size === 0 || forcedFormat) { reject(ERR.FILE_WRONG_FORMAT); return; }
      firstBytes(file).then(function (bytes) {
        if (!looksLike(ext, bytes)) { reject(ERR.FILE_WRONG_FORMAT); return; }
        pending[s.i] = file;
        showState(s);
      });
    }

    function store(s) {
      clearZone(s.zone);
      var file = pending[s.i];
      if (!file) {
        showMessage(s.zone, "error", "Vui lòng chọn tệp trước khi lưu");
        return;
      }
      s.saveButton.disabled = true;
      s.progress.hidden = false;
      var value = 0;
      var timer = window.setInterval(function () {
        value = Math.min(100, value + 20);
        s.progress.setAttribute("aria-valuenow", String(value));
        s.progress.firstChild.style.width = value + "%";
        if (value >= 100) {
          window.clearInterval(timer);
          s.progress.hidden = true;
          s.saveButton.disabled = false;
          draft.tep[s.i] = { ten: file.name, kich_thuoc: file.size, loai: file.type || "" };
          savedFiles[s.i] = file;
          delete pending[s.i];
          saveDraft(draft);
          showState(s);
          if (rows.every(function (r) { return !r.g.bat_buoc || draft.tep[r.i]; })) clearZone(zone);
        }
      }, 80);
      onCleanup(function () { window.clearInterval(timer); });
    }

    function submit(ev) {
      ev.preventDefault();
      clearZone(zone);
      if (idleExpired()) { endSession(here); return; }
      var missing = rows.filter(function (s) { return s.g.bat_buoc && !draft.tep[s.i]; });
      // Switched on: the first saved file "was never saved" (as when the save did not finish).
      if (!missing.length && takeForced(ERR.ATTACHMENT_NOT_SAVED)) {
        var lost = rows.filter(function (s) { return s.g.bat_buoc && draft.tep[s.i]; })[0] || rows.filter(function (s) { return draft.tep[s.i]; })[0];
        if (lost) {
          delete draft.tep[lost.i];
          if (savedFiles[lost.i]) pending[lost.i] = savedFiles[lost.i];
          saveDraft(draft);
          missing = [lost];
        }
      }
      rows.forEach(function (s) { showState(s); });
      if (missing.length) {
        missing.forEach(function (s) {
          s.status.textContent = pending[s.i] ? "Tệp đã chọn nhưng chưa được lưu vào hồ sơ. Bấm “Lưu tệp”." : "Chưa có tệp đính kèm.";
          s.row.classList.add("upload--missing");
        });
        showError(zone, ERR.ATTACHMENT_NOT_SAVED);
        return;
      }
      draft.xong = Math.max(draft.xong, 2);
      saveDraft(draft);
      go("/nop/" + p.slug + "/3");
    }

    body.appendChild(h("h2", { class: "card__title", text: "Bước 2. Đính kèm giấy tờ" }));
    body.appendChild(h("p", null, "Trường hợp: ", h("strong", { text: chosenCase.ten })));
    body.appendChild(h("div", { class: "upload-rules", id: "gioi-han-tep" },
      h("p", null, "Định dạng cho phép: " + limits.dinh_dang + ". Dung lượng tối đa: " + limits.toi_da_chu + " mỗi tệp. Chọn tệp rồi bấm “Lưu tệp” ở từng giấy tờ.")));
    body.appendChild(h("p", { class: "samples" }, "Tệp mẫu để thực hành: ",
      h("a", { href: "mau/giay-to-mau.pdf", download: "giay-to-mau.pdf", text: "Tệp PDF mẫu" }), " · ",
      h("a", { href: "mau/anh-giay-to-mau.png", download: "anh-giay-to-mau.png", text: "Ảnh PNG mẫu" })));
    body.appendChild(zone);
    var list = h("ol", { class: "uploads" });
    chosenCase.giay_to.forEach(function (g, i) {
      var s = rowFor(g, i);
      rows.push(s);
      list.appendChild(s.row);
    });
    body.appendChild(h("form", { novalidate: true, onsubmit: submit, class: "form" }, list,
      navButtons("/nop/" + p.slug + "/1", "Tiếp tục")));
  }

  C.screen("nop-buoc-2", function (query, slug) { return formPage(slug, 2, stepDocuments); });
})(window.CONG_THUC_HANH);
