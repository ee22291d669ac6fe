"""Command line: parse arguments, call one function per command, turn user errors into exit codes."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .problems import InvalidSources, UserError, os_error_line

log = logging.getLogger("thutuc")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thutuc",
        description="Cổng tài liệu đào tạo thủ tục hành chính: từ YAML trong procedures/ "
        "ra trang web tìm kiếm được (MkDocs + Material).",
    )
    parser.add_argument("--project", type=Path, default=Path("."), metavar="DIR",
                        help="thư mục dự án (chứa mkdocs.yml và procedures/); mặc định: thư mục hiện tại")
    parser.add_argument("--debug", action="store_true", help="in traceback đầy đủ khi có lỗi")
    parser.add_argument("--version", action="version", version=f"thutuc {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")

    # Options of the video stage, shared by `build` and `record`.
    video_options = argparse.ArgumentParser(add_help=False)
    video_options.add_argument("--jobs", type=int, default=1, metavar="N",
                               help="ghi N video song song (mặc định 1; máy 2 nhân: tối đa 2)")
    video_options.add_argument("--shard", metavar="K/N",
                               help="chỉ ghi phần thứ K trong N phần (chia việc cho nhiều máy CI)")
    video_options.add_argument("--portal", metavar="URL",
                               help="ghi trên cổng khác thay cho cổng thực hành (mặc định: thutuc.toml, "
                               "rồi cổng thực hành đi kèm); tài khoản lấy từ biến môi trường")
    video_options.add_argument("--burn-captions", action="store_true", help="in phụ đề cứng vào hình")
    video_options.add_argument("--narrate", action="store_true",
                               help="đọc lời thuyết minh bằng giọng đọc offline (espeak-ng) nếu có")

    build = commands.add_parser("build", parents=[video_options],
                                help="kiểm tra dữ liệu, tạo PDF, video, trang và dựng toàn bộ cổng",
                                description="Chạy các công đoạn theo thứ tự: video, pdf, pages, "
                                "troubleshooting, site. Chỉ dựng lại những gì có dữ liệu đầu vào thay đổi. "
                                "Trang cũ chỉ được thay khi lần dựng thành công.")
    build.add_argument("--out", type=Path, metavar="DIR", help="thư mục kết quả (mặc định: site/)")
    build.add_argument("--only", metavar="STAGE[,STAGE]",
                       help="chỉ chạy các công đoạn này, ví dụ --only site (site luôn sinh lại trang)")

    commands.add_parser("pdf", help="chỉ tạo các sổ tay PDF vào media/pdf/",
                        description="Tạo hướng dẫn nhanh từng thủ tục, sổ tay theo lĩnh vực, sổ tay đầy đủ "
                        "và sổ tay xử lý lỗi. Chỉ in lại PDF có dữ liệu thay đổi.")
    record = commands.add_parser("record", parents=[video_options],
                                 help="chỉ ghi video hướng dẫn vào media/video/",
                                 description="Trình duyệt không giao diện làm theo kịch bản walkthrough của "
                                 "từng thủ tục trên cổng thực hành và dựng thành video MP4 có chương và phụ đề.")
    record.add_argument("procedures", nargs="*", metavar="THỦ-TỤC",
                        help="mã hoặc tên đường dẫn thủ tục (mặc định: mọi thủ tục có walkthrough)")
    record.add_argument("--bundle", type=Path, metavar="TỆP",
                        help="ghi video của phần này (--shard) vào một gói .tar/.zip để gộp bằng thutuc media merge")
    media = commands.add_parser("media", help="gộp video ghi trên nhiều máy (gói của thutuc record --bundle)")
    merge = media.add_subparsers(dest="media_command", required=True, metavar="VIỆC").add_parser(
        "merge", help="kiểm tra các gói rồi gộp vào media/",
        description="Kiểm tra từng gói (đủ tệp, đúng kích thước và SHA-256, ghi từ đúng thủ tục và cổng của bản "
        "hiện tại) rồi mới gộp tất cả vào media/; một gói bị từ chối thì không gộp gì.")
    merge.add_argument("bundles", nargs="+", type=Path, metavar="GÓI", help="các gói .tar/.zip")
    merge.add_argument("--portal", metavar="URL", help="cổng các gói được ghi trên đó (như thutuc record --portal)")

    commands.add_parser("validate", help="chỉ kiểm tra dữ liệu YAML và in mọi lỗi",
                        description="Đọc mọi tệp YAML trong procedures/ và in từng lỗi dạng "
                        "tệp:dòng:cột: trường: lỗi (gợi ý). Thoát với mã 1 khi có lỗi.")

    serve = commands.add_parser("serve", help="xem trước trang web, tự sinh lại khi sửa YAML",
                                description="Dựng và phục vụ trang tại địa chỉ loopback; sửa một tệp "
                                "YAML thì trang được sinh lại và trình duyệt tự tải lại.")
    serve.add_argument("--addr", default="127.0.0.1:8000", metavar="HOST:PORT",
                       help="địa chỉ phục vụ (mặc định 127.0.0.1:8000)")

    new = commands.add_parser("new", help="tạo tệp thủ tục mới hợp lệ để điền tiếp",
                              description="Tạo procedures/LĨNH-VỰC/<tên-không-dấu>.yaml với đủ các "
                              "trường bắt buộc, chưa đối chiếu (không có verification).")
    new.add_argument("domain", metavar="LĨNH-VỰC", help="id lĩnh vực trong _catalog/domains.yaml, ví dụ ho-tich")
    new.add_argument("name", metavar="TÊN", help='tên thủ tục, ví dụ "Đăng ký kết hôn"')
    new.add_argument("--code", help="mã thủ tục, ví dụ 1.000894 (mặc định: mã tạm chưa dùng)")

    walk = commands.add_parser("walkthrough", help="soạn kịch bản video cho thủ tục nộp trực tuyến chưa có",
                               description="Soạn kịch bản walkthrough từ thành phần hồ sơ và phí của thủ tục: "
                               "đăng nhập, tờ khai, đính kèm từng giấy tờ bắt buộc, thanh toán, nộp và nhận mã "
                               "hồ sơ. In ra màn hình, hoặc ghi vào tệp thủ tục với --write.")
    walk.add_argument("procedures", nargs="*", metavar="THỦ-TỤC",
                      help="mã hoặc tên đường dẫn thủ tục (mặc định: mọi thủ tục nộp trực tuyến chưa có kịch bản)")
    walk.add_argument("--write", action="store_true", help="ghi vào cuối tệp thủ tục chưa có walkthrough")

    commands.add_parser("verification", help="liệt kê bản ghi chưa đối chiếu hoặc đối chiếu đã cũ",
                        description="Liệt kê thủ tục, lỗi và học phần chưa đối chiếu với văn bản chính "
                        "thức, và thủ tục có căn cứ pháp lý ban hành sau ngày đối chiếu, kèm việc người "
                        "biên tập cần làm (editor_notes).")
    imports = commands.add_parser("import", help="nhập thủ tục từ quyết định công bố (.docx), trang cổng (.html) "
                                  "hoặc bản xuất cổng cũ (.json)",
                                  description="Thủ tục mới được ghi thành bản nháp procedures/LĨNH-VỰC/<tên>.yaml; "
                                  "thủ tục đã có (cùng mã) được so sánh từng trường. In báo cáo ở cuối.")
    imports.add_argument("paths", nargs="+", type=Path, metavar="TỆP", help="tệp hoặc thư mục")
    imports.add_argument("--update", action="store_true", help="áp dụng thay đổi vào thủ tục đã có, "
                         "giữ phần đào tạo và thêm một mục changes")
    imports.add_argument("--dry-run", action="store_true", help="chỉ in báo cáo, không ghi tệp nào")
    export = commands.add_parser("export", help="xuất thủ tục theo mẫu công bố chính thức (.docx)",
                                 description="Ghi mỗi thủ tục thành DIR/<tên>.docx với các nhãn theo thứ tự "
                                 "chính thức; nhập lại tệp này không thấy khác biệt.")
    export.add_argument("codes", nargs="*", metavar="MÃ", help="mã hoặc đường dẫn thủ tục (mặc định: tất cả)")
    export.add_argument("--format", default="docx", choices=["docx"], help="định dạng (hiện chỉ có docx)")
    export.add_argument("--out", type=Path, required=True, metavar="DIR", help="thư mục ghi tệp")

    commands.add_parser("schema", help="ghi lại procedures/schema.json từ mô hình",
                        description="Sinh JSON Schema từ generators/model.py để trình soạn thảo "
                        "kiểm tra YAML khi gõ.")
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("thutuc")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "(chưa cài đặt)"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.INFO, format="%(message)s")
    from .settings import Settings

    settings = Settings.for_project(args.project)
    try:
        return _run(args, settings)
    except InvalidSources as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"InvalidSources: {exc}", file=sys.stderr)
        return exc.exit_code
    except UserError as exc:
        if args.debug:
            raise
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:
        if args.debug:
            raise
        print(os_error_line(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Đã dừng. Trang đã xuất bản trước đó vẫn giữ nguyên.", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace, settings) -> int:
    if args.command == "validate":
        from .load import load_catalog

        catalog = load_catalog(settings.procedures, settings.root)
        for warning in catalog.warnings:
            print(warning, file=sys.stderr)
        print(f"Hợp lệ: {len(catalog.procedures)} thủ tục, {len(catalog.domains)} lĩnh vực, "
              f"{len(catalog.errors)} lỗi thường gặp, {len(catalog.modules)} học phần.")
        return 0
    if args.command in {"build", "pdf", "record"}:
        from .build import build, parse_stages

        only = {"build": getattr(args, "only", None), "pdf": "pdf", "record": "video"}[args.command]
        report = build(settings, out=getattr(args, "out", None), stages=parse_stages(only),
                       record=_record_options(args, settings))
        print(report.summary())
        if getattr(args, "bundle", None):
            from .video.shards import write_bundle

            print(write_bundle(settings, _record_options(args, settings), args.bundle))
        return 0
    if args.command == "media":
        from .video.shards import merge_bundles

        print(merge_bundles(settings, args.bundles, args.portal or settings.portal_url))
        return 0
    if args.command == "serve":
        from .serve import serve

        serve(settings, args.addr)
        return 0
    if args.command == "new":
        from .scaffold import new_procedure

        path = new_procedure(settings, args.domain, args.name, args.code)
        print(f"Đã tạo {path}. Điền nội dung rồi chạy: thutuc validate")
        return 0
    if args.command == "walkthrough":
        from .load import load_catalog
        from .walkthrough_draft import drafts

        for line in drafts(load_catalog(settings.procedures, settings.root), settings.root, args.procedures,
                           write=args.write):
            print(line)
        return 0
    if args.command == "verification":
        from .load import load_catalog
        from .verification import report

        print(report(load_catalog(settings.procedures, settings.root)))
        return 0
    if args.command == "import":
        from .importer.run import import_command

        return import_command(settings, args.paths, update=args.update, dry_run=args.dry_run)
    if args.command == "export":
        from .importer.export import export_command

        return export_command(settings, args.codes, args.format, args.out)
    if args.command == "schema":
        from .schema import write_schema

        changed = write_schema(settings.procedures / "schema.json")
        print("Đã ghi procedures/schema.json." if changed else "procedures/schema.json đã mới nhất.")
        return 0
    raise AssertionError(args.command)


def _record_options(args: argparse.Namespace, settings):
    from .build import RecordOptions

    if not hasattr(args, "jobs"):
        return RecordOptions()
    shard = None
    if args.shard:
        try:
            k, n = (int(x) for x in args.shard.split("/"))
            if not 1 <= k <= n:
                raise ValueError
        except ValueError:
            raise BadArguments(f"--shard {args.shard}: viết dạng K/N với 1 ≤ K ≤ N, ví dụ 2/4") from None
        shard = (k, n)
    if args.jobs < 1:
        raise BadArguments("--jobs phải từ 1 trở lên")
    return RecordOptions(only=tuple(getattr(args, "procedures", ()) or ()), jobs=args.jobs, shard=shard,
                         portal_url=args.portal or settings.portal_url, burn_captions=args.burn_captions,
                         narrate=args.narrate)


class BadArguments(UserError):
    exit_code = 2


if __name__ == "__main__":
    sys.exit(main())
