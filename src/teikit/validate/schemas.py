"""Which schema a file is validated against, and where schemas live (never the network).

- ``teikit``: teikit's own customization (``schema/teikit.rng``, ``teikit.xsd``,
  ``teikit.sch``): the default for files teikit made and for files that name no
  schema.
- ``tei_all``: the official TEI P5 grammar from teikit's cache, filled once by
  ``teikit schema install tei_all`` (from the TEI's release location, or from a
  URL or file given with ``--from``), with TEI's own Schematron beside it
  (``tei_all.isosch``: the ``sch:pattern`` rules the grammar carries, taken out
  of it at install time; or a Schematron installed with ``--from FILE.isosch``).
- a file: any ``.rng``, ``.xsd`` or ``.sch``.
- otherwise the file's ``<?xml-model?>`` instructions, whose well-known TEI
  addresses ``schema/catalog.xml`` maps to the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import TeikitError
from ..xmlio import parse_bytes, write_output

RNG_NS = "http://relaxng.org/ns/structure/1.0"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
CATALOG_NS = "urn:oasis:names:tc:entity:xmlns:xml:catalog"
TEI_ALL_URL = "https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng"
CACHE_SCHEME = "teikit-cache:"
SHIPPED_SCHEME = "teikit-schema:"
INSTALLABLE = {"tei_all": TEI_ALL_URL}


def schema_dir() -> Path:
    """The folder of teikit's own schema files (``$TEIKIT_SCHEMA_DIR`` overrides)."""
    env = os.environ.get("TEIKIT_SCHEMA_DIR")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent.parent  # the teikit package
    for candidate in (here / "schema", here.parent.parent / "schema"):
        if (candidate / "teikit.rng").is_file():
            return candidate
    raise TeikitError("teikit's schema files are missing (set TEIKIT_SCHEMA_DIR)", code="schema")


def cache_dir() -> Path:
    """teikit's cache: ``$TEIKIT_CACHE``, else ``$XDG_CACHE_HOME/teikit`` or ``~/.cache/teikit``."""
    env = os.environ.get("TEIKIT_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "teikit"


def cached_schematron(name: str) -> Path | None:
    """The installed Schematron of a schema (``tei_all.isosch``), or None."""
    path = cache_dir() / "schemas" / f"{name}.isosch"
    return path if path.is_file() else None


def extract_schematron(grammar: etree._Element) -> bytes | None:
    """The ISO Schematron embedded in a RELAX NG grammar (its ``sch:ns`` and ``sch:pattern``).

    Returns a ``sch:schema`` document (query binding ``xslt2``, as TEI's ODD
    processor writes it), or None when the grammar carries no pattern.
    """
    found = [
        el
        for el in grammar.iter(f"{{{SCH_NS}}}ns", f"{{{SCH_NS}}}pattern")
        if not any(str(a.tag).startswith(f"{{{SCH_NS}}}") for a in el.iterancestors())
    ]
    if not any(etree.QName(el).localname == "pattern" for el in found):
        return None
    schema = etree.Element(f"{{{SCH_NS}}}schema", nsmap={"sch": SCH_NS})
    schema.set("queryBinding", "xslt2")
    etree.SubElement(schema, f"{{{SCH_NS}}}title").text = (
        "ISO Schematron rules taken out of the RELAX NG grammar by teikit"
    )
    for el in sorted(found, key=lambda e: etree.QName(e).localname != "ns"):
        copy = etree.fromstring(etree.tostring(el))
        copy.tail = "\n"
        schema.append(copy)
    return etree.tostring(schema, xml_declaration=True, encoding="UTF-8")


def cached_schema(name: str) -> Path:
    """The path of an installed schema; a clear error when it is not installed."""
    path = cache_dir() / "schemas" / f"{name}.rng"
    if not path.is_file():
        raise TeikitError(
            f"the schema {name!r} is not installed; run `teikit schema install {name}` "
            "(or `teikit schema install tei_all --from FILE` to use a copy you have)",
            code="schema-missing",
        )
    return path


def install_schema(name: str, source: str | None = None) -> tuple[Path, str]:
    """Fetch a schema into the cache from ``source`` (a URL or a file) or its default URL.

    Returns the cached path and the SHA-256 of its content.  The content must
    be a RELAX NG grammar that defines the TEI element, or an ISO Schematron
    (installed as ``NAME.isosch``, beside the grammar).  The Schematron a grammar
    carries is written as ``NAME.isosch`` too.
    """
    if name not in INSTALLABLE:
        raise TeikitError(
            f"unknown schema {name!r}; installable: {', '.join(INSTALLABLE)}", code="usage"
        )
    origin = source or INSTALLABLE[name]
    if Path(origin).is_file():
        data = Path(origin).read_bytes()
    elif re.match(r"^(https?|file)://", origin):
        try:
            with urllib.request.urlopen(origin, timeout=60) as response:
                data = response.read()
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise TeikitError(
                f"cannot download the schema: {reason}; offline? install it from a copy "
                f"you have: `teikit schema install {name} --from FILE` (a {name}.rng)",
                path=origin,
                code="io",
            ) from None
    else:
        raise TeikitError("no such file, and not a URL", path=origin, code="io")
    root = parse_bytes(data, origin).getroot()
    if root.tag == f"{{{SCH_NS}}}schema":
        target = cache_dir() / "schemas" / f"{name}.isosch"
        target.parent.mkdir(parents=True, exist_ok=True)
        write_output(target, data, force=True)
        return target, hashlib.sha256(data).hexdigest()
    if (
        root.tag != f"{{{RNG_NS}}}grammar"
        or root.find(f".//{{{RNG_NS}}}element[@name='TEI']") is None
    ):
        raise TeikitError(
            "not a TEI RELAX NG grammar (no grammar defining the TEI element)",
            path=origin,
            code="schema",
        )
    target = cache_dir() / "schemas" / f"{name}.rng"
    target.parent.mkdir(parents=True, exist_ok=True)
    write_output(target, data, force=True)
    rules = extract_schematron(root)
    if rules is not None:
        write_output(target.with_suffix(".isosch"), rules, force=True)
    else:  # a grammar without rules: no Schematron left over from an earlier install
        target.with_suffix(".isosch").unlink(missing_ok=True)
    digest = hashlib.sha256(data).hexdigest()
    where = str(Path(origin).resolve()) if Path(origin).is_file() else origin
    about = {"source": where, "sha256": digest, "tei_version": tei_version(data)}
    write_output(_about(name), json.dumps(about, indent=2).encode("utf-8"), force=True)
    return target, digest


def _about(name: str) -> Path:
    """The record of where an installed schema came from (next to it in the cache)."""
    return cache_dir() / "schemas" / f"{name}.json"


def tei_version(data: bytes) -> str | None:
    """The TEI P5 version a generated schema names in its header comment (``4.12.0``)."""
    found = re.search(rb"P5 Version (\d[\w.\-]*)", data[:8192])
    return found.group(1).decode("ascii").rstrip(".") if found else None


def installed_schemas() -> list[dict[str, str | None]]:
    """The schemas ``--schema`` can name: teikit's own, and each installable one.

    Each is a mapping with its ``name``, ``status`` (``shipped``, ``installed``
    or ``not installed``), ``tei_version``, ``path`` and ``source`` (where it was
    installed from; None when not recorded).
    """
    rows: list[dict[str, str | None]] = []
    try:
        own: str | None = str(schema_dir() / "teikit.rng")
    except TeikitError:
        own = None
    rows.append(
        {"name": "teikit", "status": "shipped" if own else "missing", "tei_version": None,
         "path": own, "source": "shipped with teikit",
         "schematron": str(Path(own).with_suffix(".sch")) if own else None}
    )
    for name in sorted(INSTALLABLE):
        path = cache_dir() / "schemas" / f"{name}.rng"
        if not path.is_file():
            rows.append(
                {"name": name, "status": "not installed", "tei_version": None, "path": None,
                 "source": None, "schematron": None}
            )
            continue
        try:
            about = json.loads(_about(name).read_text("utf-8"))
        except (OSError, ValueError):
            about = {}
        with open(path, "rb") as stream:
            version = tei_version(stream.read(8192))
        rows.append(
            {"name": name, "status": "installed", "tei_version": version, "path": str(path),
             "source": about.get("source"), "schematron": str(cached_schematron(name) or "")
             or None}
        )
    return rows


@dataclass
class SchemaSet:
    """The schema files one document is validated against."""

    label: str
    rng: list[Path] = field(default_factory=list)
    xsd: list[Path] = field(default_factory=list)
    sch: list[Path] = field(default_factory=list)
    specialise: bool = False
    # the Schematron came with the grammar (tei_all): without saxonche, a warning, not an error
    sch_optional: bool = False


def teikit_schema() -> SchemaSet:
    """teikit's own customization: grammar, XML Schema and Schematron."""
    folder = schema_dir()
    return SchemaSet(
        "teikit",
        rng=[folder / "teikit.rng"],
        xsd=[folder / "teikit.xsd"],
        sch=[folder / "teikit.sch"],
    )


def named_schema(name: str) -> SchemaSet:
    """The schema set for ``--schema NAME`` (teikit, tei_all, or a file)."""
    if name == "teikit":
        return teikit_schema()
    if name in INSTALLABLE:
        rules = cached_schematron(name)
        return SchemaSet(
            name,
            rng=[cached_schema(name)],
            sch=[rules] if rules else [],
            specialise=True,
            sch_optional=True,
        )
    path = Path(name)
    if not path.is_file():
        raise TeikitError(
            "no such schema file; use teikit, tei_all, or a .rng, .xsd or .sch file",
            path=name,
            code="usage",
        )
    suffix = path.suffix.lower()
    if suffix == ".rng":
        return SchemaSet(str(path), rng=[path], specialise=True)
    if suffix == ".xsd":
        return SchemaSet(str(path), xsd=[path])
    if suffix in (".sch", ".isosch"):
        return SchemaSet(str(path), sch=[path])
    raise TeikitError(
        "unknown schema type; give a .rng, .xsd or .sch file", path=name, code="usage"
    )


_PSEUDO = re.compile(r"""(\w+)\s*=\s*(["'])(.*?)\2""")


def xml_models(tree: etree._ElementTree) -> list[dict[str, str]]:
    """The pseudo-attributes of each ``<?xml-model?>`` instruction before the root."""
    out = []
    for node in reversed(list(tree.getroot().itersiblings(preceding=True))):
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-model":
            out.append({m.group(1): m.group(3) for m in _PSEUDO.finditer(node.text or "")})
    return out


def made_by_teikit(tree: etree._ElementTree) -> bool:
    """True when teikit's ``appInfo`` is in the header."""
    found = tree.getroot().find(
        ".//{http://www.tei-c.org/ns/1.0}appInfo/{http://www.tei-c.org/ns/1.0}application"
        "[@ident='teikit']"
    )
    return found is not None


class Catalog:
    """A small OASIS XML catalog reader: ``uri``, ``rewriteURI`` and ``uriSuffix`` entries."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: list[tuple[str, str, str]] = []
        if not path.is_file():
            return
        root = parse_bytes(path.read_bytes(), str(path)).getroot()
        for el in root.iter():
            tag = etree.QName(el).localname if isinstance(el.tag, str) else ""
            if tag == "uri":
                self.entries.append(("uri", str(el.get("name")), str(el.get("uri"))))
            elif tag == "rewriteURI":
                self.entries.append(
                    ("rewrite", str(el.get("uriStartString")), str(el.get("rewritePrefix")))
                )
            elif tag == "uriSuffix":
                self.entries.append(("suffix", str(el.get("uriSuffix")), str(el.get("uri"))))

    def resolve(self, href: str) -> str | None:
        """The catalog's mapping of ``href``, or None."""
        for kind, key, target in self.entries:
            if kind == "uri" and href == key:
                return target
        for kind, key, target in sorted(self.entries, key=lambda e: -len(e[1])):
            if kind == "rewrite" and href.startswith(key):
                return target + href[len(key) :]
            if kind == "suffix" and href.endswith(key):
                return target
        return None


def _local(target: str, base: Path) -> Path:
    if target.startswith(CACHE_SCHEME):
        name = target[len(CACHE_SCHEME) :]
        path = cache_dir() / "schemas" / name
        if not path.is_file():
            stem = Path(name).stem
            hint = f"teikit schema install {stem}" if stem in INSTALLABLE else "--schema FILE"
            raise TeikitError(
                f"the schema {name} named by the file's xml-model is not installed; run `{hint}`",
                code="schema-missing",
            )
        return path
    if target.startswith(SHIPPED_SCHEME):
        return schema_dir() / target[len(SHIPPED_SCHEME) :]
    local = (base / target).resolve()
    if not local.is_file():
        raise TeikitError(
            f"the schema {target} named by the file's xml-model is not there ({local}); "
            "give --schema teikit, tei_all or a local file",
            code="schema-missing",
        )
    return local


def schemas_for(path: Path, tree: etree._ElementTree, choice: str | None) -> SchemaSet:
    """The schema set for one file: the chosen one, its xml-models, or teikit's."""
    if choice:
        return named_schema(choice)
    if made_by_teikit(tree):
        return teikit_schema()
    models = xml_models(tree)
    if not models:
        return teikit_schema()
    catalog = Catalog(schema_dir() / "catalog.xml")
    result = SchemaSet("xml-model")
    labels = []
    for model in models:
        href = model.get("href", "")
        if not href:
            continue
        mapped = catalog.resolve(href)
        if mapped is None:
            if re.match(r"^[a-z]+://", href) and not href.startswith("file://"):
                raise TeikitError(
                    f"the schema {href} named by the file's xml-model is not available "
                    "offline; give --schema tei_all, teikit or a local file",
                    path=str(path),
                    code="schema-missing",
                )
            mapped = href.removeprefix("file://")
        local = _local(mapped, path.parent)
        labels.append(local.name)
        kind = model.get("schematypens", "")
        suffix = local.suffix.lower()
        if kind == RNG_NS or (not kind and suffix == ".rng"):
            result.rng.append(local)
            result.specialise = True
        elif kind == XSD_NS or (not kind and suffix == ".xsd"):
            result.xsd.append(local)
        elif kind in (SCH_NS, "http://www.ascc.net/xml/schematron") or suffix in (
            ".sch",
            ".isosch",
        ):
            result.sch.append(local)
    result.label = " + ".join(labels) or "teikit"
    if not (result.rng or result.xsd or result.sch):
        return teikit_schema()
    return result
