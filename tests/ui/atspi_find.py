#!/usr/bin/env python3
"""Finds widgets of the app under test by their accessible name, through
AT-SPI (the screen readers' interface, which AccessKit serves), and prints
one line per match: "x y width height role focused name", desktop pixels.

Usage: atspi_find.py NAME [ROLE]   (exit 1 when nothing matches)
       atspi_find.py --focused     (the innermost focused widget, same format)
       atspi_find.py --text NAME   (the text a screen reader is given for
                                    the widget, not its label: its length,
                                    then the text)
"""
import sys

import pyatspi


def walk(node, depth=0):
    if node is None or depth > 60:
        return
    yield node
    for i in range(node.childCount):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child, depth + 1)


def describe(node):
    extents = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    focused = node.getState().contains(pyatspi.STATE_FOCUSED)
    return f"{extents.x} {extents.y} {extents.width} {extents.height} " \
           f"{node.getRoleName().replace(' ', '_')} {int(focused)} {node.name}"


def text_of(desktop, name):
    for app in desktop:
        for node in walk(app):
            try:
                # Not the label that names the widget.
                if node.name != name or node.getRoleName() == "label":
                    continue
                text = node.queryText()
                print(text.characterCount)
                print(text.getText(0, -1))
                return 0
            except Exception:
                continue
    return 1


def main():
    desktop = pyatspi.Registry.getDesktop(0)
    if sys.argv[1] == "--text":
        sys.exit(text_of(desktop, sys.argv[2]))
    want_focused = sys.argv[1] == "--focused"
    name = None if want_focused else sys.argv[1]
    role = sys.argv[2] if len(sys.argv) > 2 else None
    found = 0
    innermost = None
    for app in desktop:
        for node in walk(app):
            try:
                if want_focused:
                    # The window is focused too; the walk meets it first.
                    if node.getState().contains(pyatspi.STATE_FOCUSED):
                        innermost = node
                    continue
                elif node.name != name:
                    continue
                if role and node.getRoleName() != role:
                    continue
                print(describe(node))
                found += 1
            except Exception:
                continue
    if innermost is not None:
        print(describe(innermost))
        found += 1
    sys.exit(0 if found else 1)


if __name__ == "__main__":
    main()
