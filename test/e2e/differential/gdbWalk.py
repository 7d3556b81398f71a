# The GDB side of the differential stepping suite (walk.ts): GDB runs the walk's actions on its
# own simulated board and writes, after each, where it stopped as JSON (frames, lines, locals).
# Loaded with `gdb-multiarch -batch -x gdbWalk.py` after `target extended-remote`; tests only.
import json
import os

import gdb


def frame_locals(frame):
    """What `info args` and `info locals` list for `frame`: every variable of every block holding
    the PC, innermost first, up to the function's block (inlined frames stop at their own)."""
    rows = []
    try:
        block = frame.block()
    except RuntimeError:
        return rows
    while block is not None:
        for symbol in block:
            if not (symbol.is_variable or symbol.is_argument) or symbol.addr_class == gdb.SYMBOL_LOC_STATIC:
                continue
            try:
                value = symbol.value(frame)
                text = "<optimized out>" if value.is_optimized_out else str(value)
            except gdb.error as error:
                text = "<error: %s>" % error
            rows.append({"name": symbol.name, "value": text})
        if block.function is not None:
            break
        block = block.superblock
    return rows


def stop_report(error):
    frames = []
    frame = gdb.newest_frame()
    while frame is not None:
        sal = frame.find_sal()
        name = frame.name()
        if frame.type() == gdb.SIGTRAMP_FRAME:
            name = "<signal handler called>"
        frames.append({
            "function": name,
            "file": os.path.basename(sal.symtab.filename) if sal.symtab else None,
            "line": sal.line if sal.symtab else None,
            "pc": frame.pc(),
            "locals": frame_locals(frame),
        })
        frame = frame.older()
    return {"error": error, "frames": frames}


def run(command):
    try:
        gdb.execute(command, to_string=True)
        return None
    except gdb.error as error:
        return str(error)


def main():
    with open(os.environ["DIFF_ACTIONS"]) as source:
        actions = json.load(source)
    # The board's set-up (a reset halt first), then the stack's top KiB zeroed: SRAM survives a
    # reset, and uninitialised locals must read alike on both boards (walkBoard.ts).
    for command in json.loads(os.environ["DIFF_SETUP"]):
        gdb.execute(command, to_string=True)
    gdb.execute("tbreak main", to_string=True)
    gdb.execute("continue", to_string=True)
    with open(os.environ["DIFF_OUT"], "w") as out:
        out.write(json.dumps(stop_report(None)) + "\n")
        for action in actions:
            if action["kind"] == "break":
                error = run("break " + action["spec"]) or run("continue")
                gdb.execute("delete", to_string=True)
            else:
                error = run(action["kind"])
            out.write(json.dumps(stop_report(error)) + "\n")
            out.flush()


main()
