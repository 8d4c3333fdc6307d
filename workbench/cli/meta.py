"""``workbench meta IN [-o OUT] [--set ADDRESS=VALUE]… [--delete SEG/TAG]… [--add SEG/TAG]…
[--apply meta.json]… [--json]``: show or batch-edit headers and TREs.

Without ``-o`` the metadata tree is printed (as JSON with ``--json``). With ``-o`` the edits are
applied in the order given through the same validated edit model as the GUI, and the result is
saved with the image data passed through; any invalid value fails with the rule it breaks and
nothing is written. ``-o`` may name the input itself (it is then replaced atomically).
"""

from __future__ import annotations

import argparse
import sys


class _Edit(argparse.Action):
    """Keeps --set/--delete/--add/--apply in one list, in command-line order."""

    def __call__(self, parser, namespace, values, option_string=None):
        edits = list(getattr(namespace, "edits", None) or [])
        edits.append((self.dest.removeprefix("edit_"), values))
        namespace.edits = edits


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "meta", help="show or edit headers and TREs (NITF/NSIF), without re-encoding images",
        description=__doc__.split("\n\n", 1)[1], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("input", help="file to read")
    p.add_argument("-o", "--output", help="file to write (may be the input itself)")
    p.add_argument("--set", dest="edit_set", action=_Edit, metavar="ADDRESS=VALUE",
                   help="set a field: FSCLAS=S, image:0/ISCLAS=S, image:0/ICHIPB/FI_ROW=1024, "
                        "image:0/ICHIPB[1]/FI_ROW=5, image:0/ICOM[0]=TEXT, "
                        "image:0/BAND_INFO[0]/ISUBCAT=0.55")
    p.add_argument("--delete", dest="edit_delete", action=_Edit, metavar="SEG/TAG",
                   help="delete a TRE (all instances, or TAG[i] for one): image:0/PIAIMC; "
                        "or an image comment: image:0/ICOM[0]")
    p.add_argument("--add", dest="edit_add", action=_Edit, metavar="SEG/TAG",
                   help="add a TRE with default values: image:0/ICHIPB; or an image comment: "
                        "image:0/ICOM=TEXT")
    p.add_argument("--apply", dest="edit_apply", action=_Edit, metavar="JSON",
                   help="apply metadata exported as JSON (validated first)")
    p.add_argument("--json", action="store_true", help="print the metadata as JSON")
    p.set_defaults(func=run, edits=[])


def run(args) -> int:
    from workbench.jobs.metadata import InvalidEditsError, MetadataDocument, save_document
    from workbench.jobs.metadata.batch import apply_edits
    from workbench.jobs.metadata.jsonio import dumps, export_document
    from workbench.jobs.metadata.tree import build_tree, tree_text

    try:
        doc = MetadataDocument.open(args.input)
        if args.edits and not args.output:
            print("workbench meta: edits need -o OUT (which may be the input itself)",
                  file=sys.stderr)
            return 2
        apply_edits(doc, args.edits)
        if args.output:
            save_document(doc, args.output)
            print(f"wrote {args.output} ({len(args.edits)} edit(s))")
        elif args.json:
            print(dumps(export_document(doc)))
        else:
            print(tree_text(build_tree(doc)))
    except InvalidEditsError as exc:
        print(f"workbench meta: {exc}\nnothing was written", file=sys.stderr)
        return 2
    except (ValueError, KeyError, OSError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        print(f"workbench meta: {message}\nnothing was written", file=sys.stderr)
        return 2
    return 0
