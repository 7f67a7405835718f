"""Commands on a profile's data: locate, profiles, export --bundle, import, backup, restore,
forget-client. Store failures become one clear line (from coach.store's bilingual messages)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from coach import paths
from coach.cli.context import CliContext
from coach.cli.context import fail as _fail
from coach.cli.context import profile_store as _store
from coach.i18n import tr


def _echo_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="输出格式 / output format",
)


@click.command("locate", help="显示正在使用的文件夹。\n\nShow the folders in use.")
@FORMAT
@click.pass_obj
def locate_cmd(obj: CliContext, fmt: str) -> None:
    from coach.store.layout import BACKUP_DIR
    from coach.store.profiles import profile_dir

    root = obj.data_root
    try:
        folder = profile_dir(root, obj.profile_name)
    except Exception as e:
        raise _fail(str(e)) from None
    rows = {
        "data_root": str(root),
        "profile": obj.profile_name,
        "profile_folder": str(folder),
        "profile_exists": (folder / "profile.json").is_file(),
        "backups": str(folder / BACKUP_DIR),
        "cache": str(paths.cache_dir()),
        "content": [str(p) for p in obj.content_dirs()],
    }
    if fmt == "json":
        _echo_json(rows)
        return
    click.echo(f"{tr('数据根目录', 'data root')}: {rows['data_root']}")
    state = "" if rows["profile_exists"] else tr("（尚未创建）", " (not created yet)")
    click.echo(f"{tr('档案', 'profile')} {obj.profile_name}: {rows['profile_folder']}{state}")
    click.echo(f"{tr('备份', 'backups')}: {rows['backups']}")
    click.echo(f"{tr('缓存', 'cache')}: {rows['cache']}")
    for p in rows["content"]:
        click.echo(f"{tr('内容', 'content')}: {p}")


@click.command(
    "profiles", help="列出数据根目录下的档案。\n\nList the profiles under the data root."
)
@FORMAT
@click.pass_obj
def profiles_cmd(obj: CliContext, fmt: str) -> None:
    from coach.store import list_profiles

    found = list_profiles(obj.data_root)
    if fmt == "json":
        _echo_json([{"id": p.id, "name": p.name, "created": p.created} for p in found])
        return
    if not found:
        click.echo(tr("{r} 下还没有档案", "no profiles under {r} yet", r=obj.data_root))
        return
    for p in found:
        mark = "*" if p.name == obj.profile_name else " "
        ident = p.id or tr("（profile.json 损坏）", "(profile.json damaged)")
        click.echo(f"{mark} {p.name}\t{ident}\t{p.created}")


@click.command(
    "export",
    help="把档案导出为一个数据包（JSON）。\n\nExport the profile as one bundle file (JSON).",
)
@click.option(
    "--bundle",
    "bundle",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="数据包文件 / bundle file to write",
)
@click.option(
    "--only",
    default=None,
    help="只导出这些类型，逗号分隔 / only these kinds, comma-separated "
    "(attempts,drafts,reviews,deals,actions,lessons,settings)",
)
@click.option(
    "--anonymise",
    "--anonymize",
    "anonymise",
    is_flag=True,
    help="用固定化名替换客户名（包括自由文本）/ replace client names with stable "
    "pseudonyms, free text included",
)
@click.pass_obj
def export_cmd(obj: CliContext, bundle: Path, only: str | None, anonymise: bool) -> None:
    from coach.store import StoreError
    from coach.store.bundle import export_bundle

    with _store(obj, read_only=True) as store:
        try:
            report = export_bundle(store, bundle, only=only, anonymise=anonymise)
        except StoreError as e:
            raise _fail(str(e)) from None
    total = sum(report.counts.values())
    click.echo(
        tr(
            "已写入 {p}：{n} 条记录（{c}）",
            "wrote {p}: {n} record(s) ({c})",
            p=report.path,
            n=total,
            c=", ".join(f"{k} {v}" for k, v in report.counts.items()),
        )
    )
    if anonymise:
        click.echo(
            tr(
                "已替换 {k} 个客户名，共 {r} 处",
                "replaced {k} client name(s) in {r} place(s)",
                k=report.anonymised_names,
                r=report.replaced,
            )
        )


@click.command(
    "import",
    help="把数据包合并进档案（按记录 id 和版本）。\n\n"
    "Merge a bundle into the profile, by record id and revision.",
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--other-profile",
    is_flag=True,
    help="数据包属于另一个档案时也合并 / merge even if the bundle is another profile's",
)
@FORMAT
@click.pass_obj
def import_cmd(obj: CliContext, file: Path, other_profile: bool, fmt: str) -> None:
    from coach.store import StoreError
    from coach.store.bundle import import_bundle

    with _store(obj) as store:
        try:
            r = import_bundle(store, file, other_profile=other_profile)
        except StoreError as e:
            raise _fail(str(e)) from None
    if fmt == "json":
        _echo_json(
            {
                "added": r.added,
                "updated": r.updated,
                "unchanged": r.unchanged,
                "kept_newer": r.kept_newer,
                "adopted_identity": r.adopted_identity,
                "conflicts": [
                    dict(zip(("kind", "id", "ours", "theirs"), c, strict=True)) for c in r.conflicts
                ],
            }
        )
        return

    def fmt_counts(d: dict[str, int]) -> str:
        return ", ".join(f"{k} {v}" for k, v in d.items()) or "0"

    click.echo(
        tr(
            "新增：{a}；更新：{u}；未变：{s}；本地较新而保留：{k}",
            "added: {a}; updated: {u}; unchanged: {s}; kept (ours newer): {k}",
            a=fmt_counts(r.added),
            u=fmt_counts(r.updated),
            s=fmt_counts(r.unchanged),
            k=fmt_counts(r.kept_newer),
        )
    )
    if r.adopted_identity:
        click.echo(
            tr(
                "空档案已采用数据包的档案 id {i}",
                "the empty profile took the bundle's id {i}",
                i=r.bundle_profile.get("id"),
            )
        )
    for kind, rid, ours, theirs in r.conflicts:
        click.echo(
            tr(
                "冲突：{k} {i} 两边都是版本 {r} 但内容不同，保留本地版本",
                "conflict: {k} {i} is revision {r} on both sides with different content; ours kept",
                k=kind,
                i=rid,
                r=ours if ours == theirs else f"{ours}/{theirs}",
            ),
            err=True,
        )


def _list_backups(store) -> None:
    backups = store.backups()
    if not backups:
        click.echo(tr("还没有备份（{p}）", "no backups yet ({p})", p=store.path / "backups"))
        return
    for b in backups:
        state = tr("完好", "good") if b.good else tr("有损坏", "DAMAGED")
        click.echo(f"{b.name}\t{b.created}\t{b.reason}\t{state}\t{b.files}")


@click.command(
    "backup", help="立即备份档案并列出备份。\n\nBack up the profile now and list the backups."
)
@click.option("--list", "list_only", is_flag=True, help="只列出 / only list them")
@click.pass_obj
def backup_cmd(obj: CliContext, list_only: bool) -> None:
    from coach.store import StoreError

    with _store(obj, read_only=list_only) as store:
        if not list_only:
            try:
                made = store.backup("manual")
            except StoreError as e:
                raise _fail(str(e)) from None
            click.echo(tr("已备份：{p}", "backed up: {p}", p=made.path), err=True)
        _list_backups(store)


@click.command(
    "restore",
    help="列出备份，或用一个备份替换当前数据（先备份当前数据）。\n\n"
    "List the backups, or replace the data with one (the current data is backed up first).",
)
@click.argument("name", required=False)
@click.option("--yes", is_flag=True, help="不再确认 / do not ask")
@click.option("--force", is_flag=True, help="备份本身有损坏也恢复 / restore even a damaged backup")
@click.pass_obj
def restore_cmd(obj: CliContext, name: str | None, yes: bool, force: bool) -> None:
    from coach.store import StoreDamaged, StoreError, open_store

    if not name:
        with _store(obj, read_only=True) as store:
            _list_backups(store)
        return
    try:
        store = open_store(obj.data_root, obj.profile_name, daily_backup=False)
    except StoreDamaged:
        # a damaged profile.json: restoring is exactly what is needed; open without reading it
        from coach.store.profiles import profile_dir
        from coach.store.store import Store

        store = Store(
            profile_dir(obj.data_root, obj.profile_name), read_only=False, lock_timeout=5.0
        )
        store._profile_data = {"schema": 1, "id": "", "name": obj.profile_name}
    except StoreError as e:
        raise _fail(str(e)) from None
    with store:
        if not yes and not click.confirm(
            tr(
                "用备份 {n} 替换 {p} 中的数据？（当前数据会先备份）",
                "replace the data in {p} with backup {n}? (the current data is backed up first)",
                n=name,
                p=store.path,
            ),
            default=False,
        ):
            raise _fail(tr("已取消，没有任何改动", "cancelled; nothing changed"))
        try:
            chosen = store.restore(name, force=force)
        except StoreError as e:
            raise _fail(str(e)) from None
    click.echo(tr("已从 {n} 恢复", "restored from {n}", n=chosen.name))


@click.command(
    "forget-client",
    help="从档案的每条记录中删除一个客户的名字。\n\n"
    "Erase one client's name from every record of the profile.",
)
@click.argument("name")
@click.option("--yes", is_flag=True, help="不再确认 / do not ask")
@click.option(
    "--include-backups/--no-backups",
    default=None,
    help="也从备份中删除（默认会询问）/ also erase it from the backups (asked if not given)",
)
@click.pass_obj
def forget_client_cmd(obj: CliContext, name: str, yes: bool, include_backups: bool | None) -> None:
    from coach.store import StoreError
    from coach.store.privacy import check_client_name, forget_client

    try:
        name = check_client_name(name)  # refused before anything is asked or opened
    except StoreError as e:
        raise _fail(str(e)) from None
    with _store(obj) as store:
        if not yes and not click.confirm(
            tr(
                "从档案 {p} 的所有记录中删除客户 {n}？此操作不可撤销",
                "erase client {n} from every record of profile {p}? This cannot be undone",
                n=name,
                p=store.profile.name,
            ),
            default=False,
        ):
            raise _fail(tr("已取消，没有任何改动", "cancelled; nothing changed"))
        if include_backups is None:
            include_backups = bool(store.backups()) and (
                yes
                or click.confirm(
                    tr(
                        "备份中也有这个名字；也从 {k} 个备份中删除吗？",
                        "the backups hold the name too; erase it from the {k} backup(s) as well?",
                        k=len(store.backups()),
                    ),
                    default=True,
                )
            )
        try:
            r = forget_client(store, name, include_backups=include_backups)
        except StoreError as e:
            raise _fail(str(e)) from None
    click.echo(
        tr(
            "已在 {r} 条记录中删除 {p} 处（{k}）",
            "erased {p} place(s) in {r} record(s) ({k})",
            r=r.records,
            p=r.places,
            k=", ".join(f"{k} {v}" for k, v in r.by_kind.items()) or "-",
        )
    )
    if include_backups:
        click.echo(
            tr(
                "备份：{f} 个文件中 {p} 处",
                "backups: {p} place(s) in {f} file(s)",
                f=r.backup_files,
                p=r.backup_places,
            )
        )


def register(group: click.Group) -> None:
    for cmd in (
        locate_cmd,
        profiles_cmd,
        export_cmd,
        import_cmd,
        backup_cmd,
        restore_cmd,
        forget_client_cmd,
    ):
        group.add_command(cmd)
