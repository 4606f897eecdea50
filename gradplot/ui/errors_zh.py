"""The error explanations and notes in Simplified Chinese.

The engine explains every failure in English (``gradplot.engine.errors.CATALOGUE``);
the error panel calls :func:`localize_error` before showing one, the notes panel
:func:`localize_note` and :func:`note_head`. In English they return the text unchanged.
Parts that come from Python or PyTorch verbatim (a syntax message, a refused construct,
a name) are kept as they are.
"""

from __future__ import annotations

import dataclasses
import re

from gradplot.engine import ErrorInfo, Note
from gradplot.engine.errors import AMBIGUOUS_BOOL_HINT, CATALOGUE
from gradplot.ui.i18n import current_language

# kind -> (title, explanation, hint)
CATALOGUE_ZH: dict[str, tuple[str, str, str]] = {
    "syntax": (
        "这不是有效的 Python 代码",
        "gradplot 把你的函数当作 Python 读取。标记的位置是 Python 无法继续理解的地方："
        "请检查它前面是否缺少括号、冒号或运算符。",
        "sin(x) * 2          # 关于 x 的表达式\n"
        "def f(x):\n    return sin(x) * 2",
    ),
    "refused": (
        "gradplot 不运行这段代码",
        "gradplot 中的函数只能用数字和张量做计算。导入模块、文件、网络以及 Python 或 torch "
        "的内部机制都不可用，这样分享的课件除了画图之外什么也做不了。",
        "# 请使用数学函数：sin, exp, where, relu, norm, ...\n"
        "def f(x):\n    return where(x > 0, x, 0.1 * x)",
    ),
    "name": (
        "未知的名称",
        "这个名称既不是 gradplot 提供的函数，也没有在使用之前被赋值。作为数值使用的自由名称"
        "会变成带滑块的参数；被调用的名称必须是已知的函数。",
        "sin(x)   # 已知函数：sin, cos, exp, log, sqrt, relu, sigmoid, dot, norm, ...",
    ),
    "type": (
        "某个值的类型不对",
        "某个运算收到了它无法处理的值，例如需要普通数字的地方给了张量，或者需要张量的地方"
        "给了数字。",
        "def f(x):\n    return x.sum()   # 张量有方法，普通数字没有",
    ),
    "shape": (
        "形状不匹配",
        "在同一个运算中组合的张量必须具有匹配的形状，而且 f 必须对每个 x 返回一个值，"
        "或者只返回一个数。在向量模式下，x 一次包含所有采样点。",
        "x.sum()        # 由所有采样点得到一个数\nx * x          # 每个采样点一个值",
    ),
    "runtime": (
        "函数运行时出错",
        "计算 f 时 Python 或 PyTorch 抛出了错误。下面的消息说明了错误是什么；"
        "标记的行是出错的位置。",
        "# 检查标记的行；用 (x + 1e-9) 做除数以避免 1/0，取 log 之前先 clamp",
    ),
    "notation": (
        "这是数学写法：Python 的写法不同",
        "gradplot 把你的函数当作 Python 读取。",
        "",
    ),
    "timeout": (
        "已停止：函数一直在计算——是不是有一个永不结束的循环？",
        "gradplot 的限制（几秒钟的时间，或几亿个计算出的值）用完时，f 仍在计算。"
        "这通常意味着某些输入下循环永远不会结束——例如当 b 为 0 时，"
        "`while b.norm() < 1000: b = b * 2` 永远不会结束。",
        "while b.norm() < 1000 and steps < 100:   # 给每个循环设上限\n"
        "    b = b * 2\n    steps += 1",
    ),
    "nonscalar_backward": (
        "backward() 需要标量输出",
        "PyTorch 只能从单个数开始反向传播。f 返回了包含多个值的张量，"
        "不带参数的 y.backward() 不知道该如何给它们加权。",
        "y.backward(torch.ones_like(y))   # 即 y.sum() 的梯度\n"
        "y.sum().backward()               # 效果相同",
    ),
    "backward_twice": (
        "backward() 第二次穿过已释放的计算图",
        "执行 backward() 之后，PyTorch 会释放计算图的中间值以节省内存。"
        "对同一个计算图的第二次 backward() 会发现它们已经不在了。",
        "y.backward(retain_graph=True)   # 为下一次反向传播保留计算图\ny.backward()",
    ),
    "no_grad": (
        "这里没有任何量需要梯度",
        "输出在 autograd 计算图中与 x 没有连接，因此没有可以求导的东西。"
        "当所有东西都被 detach，或者 f 没有通过张量运算使用 x 时，就会出现这种情况。",
        "u = y.detach()   # 切断计算图：需要梯度流过的地方请直接使用 y\n"
        "return u * x      # 至少保留一条从 x 到输出的路径",
    ),
    "inplace": (
        "原地修改破坏了 autograd",
        "autograd 需要的某个张量被原地修改了（以 _ 结尾的操作或 +=）。PyTorch 拒绝原地修改"
        "需要梯度的叶子张量，也拒绝穿过已被覆盖的保存值进行反向传播。",
        "y = y + 1        # 创建新张量，而不是 y += 1 或 y.add_(1)",
    ),
    "cancelled": ("计算已取消", "在它完成之前，一个更新的请求取代了它。", ""),
    "request": (
        "设置超出范围",
        "某项计算设置（范围、点数、阶数、反向传播次数、时间限制）不被允许。",
        "",
    ),
    "range": (
        "x 的范围为空",
        "x 范围的左端和右端是同一个数，因此没有可以采样的点。",
        "# 让“x 从”小于“到”",
    ),
    # faults of the engine process (gradplot.engine_process), not of the function's code
    "engine_hung": (
        "PyTorch 没有响应，gradplot 已将它重新启动",
        "引擎进程在超过时间限制很久之后仍在忙，卡在一个无法中断的 PyTorch 运算里"
        "（或者它被暂停了），所以 gradplot 停止了它并启动了一个新的。窗口和你的函数都安然无恙。",
        "# 请减少点数或换用更便宜的运算：x.diff(n=k) 的代价约为 k × n",
    ),
    "engine_crashed": (
        "计算这个函数时 PyTorch 引擎意外结束",
        "运行 PyTorch 的独立进程在这个函数上连续两次意外结束，所以 gradplot 没有再试第三次。"
        "新的引擎已经就绪：下一次编辑会被画出来，窗口和你的函数都安然无恙。"
        "通常的原因是占用了非常多的内存。",
        "# 请减少点数，或使用更小的中间张量",
    ),
    "engine_memory": (
        "函数需要的内存超过了允许的上限",
        "PyTorch 申请的内存超过了 gradplot 允许一个函数使用的上限，所以计算在拖慢整台电脑之前"
        "就被停止了。窗口和你的函数都安然无恙。",
        "# 请减少点数，或使用更小的中间张量（不要用 n×n 的矩阵）",
    ),
    "internal": (
        "gradplot 内部出错",
        "这是 gradplot 自身的问题，不是你的函数的问题。详细信息已写入日志文件。",
        "# 请重新编辑一次；如果问题反复出现，请附上日志报告它",
    ),
}

# the Python rules of gradplot.engine.notation.RULES, in Chinese
NOTATION_RULES_ZH: dict[str, str] = {
    "power": "Python 的乘方写作 **：x**2，而不是 x^2（^ 是按位异或）或 x²。",
    "times": "Python 的每个乘法都要写 *：2*x、2*(x+1)、(x+1)*(x-1)、x*sin(x)。",
    "abs": "绝对值 |x| 写作 abs(x)。",
    "call": "函数的自变量要写在括号里：sin(x)、sqrt(x)，而不是 sin x。",
    "func_power": "函数的乘方写在括号之后：sin(x)**2，而不是 sin^2(x)。",
    "define": "只写等号右边的部分：x**2，而不是 f(x) = x**2 或 y = x**2；"
    "自变量用别的名字时写 def f(t): return t**2。",
    "symbols": "Python 用键盘上的运算符和名称书写：",
    "factorial": "Python 没有 ! 运算符：请直接写出数值（5! 是 120）或乘积，例如 x*(x-1)*(x-2)。",
    "degrees": "角度使用弧度：30° 写作 30*pi/180。",
    "case": "Python 区分大小写：自变量是 x；X 会是另一个名称（一个滑块）。",
    "decimal": "小数用小数点书写：2.5，而不是 2,5（逗号用来分隔多个值）。",
    "renamed": "这里的函数使用 Python 的名称：",
}


def notation_zh(info: ErrorInfo) -> str:
    """The explanation of a ``notation`` error in Chinese, from its rules and pairs."""
    rules = info.details.get("rules", "").split()
    pairs = [line.split(" ") for line in info.details.get("pairs", "").splitlines()]
    parts = []
    for rule in rules:
        text = NOTATION_RULES_ZH.get(rule, "")
        listed = [f"用 {p[2]} 代替 {p[1]}" for p in pairs if len(p) == 3 and p[0] == rule]
        if listed:
            text += "，".join(listed) + "。"
        parts.append(text)
    return "".join(parts) or CATALOGUE_ZH["notation"][1]


# English texts that are not in the engine's catalogue but are produced by it.
_EXACT_ZH: dict[str, str] = {
    "A Python decision on many values at once": "Python 在多个值上同时做判断",
    "Refused: the function needs too much memory or nesting": (
        "拒绝执行：函数需要的内存或嵌套层数过多"
    ),
    "Unknown name": "未知的名称",
    "PyTorch stopped answering, so gradplot restarted it": CATALOGUE_ZH["engine_hung"][0],
    "The PyTorch engine ended while evaluating this function": (
        CATALOGUE_ZH["engine_crashed"][0]
    ),
    "The evaluation engine could not be loaded": "无法加载计算引擎",
    "The x range is empty": "x 的范围为空",
    "In vector mode x holds every sample, so a comparison gives one answer per sample and "
    "Python's if/while cannot pick one. Decide on all of them with .all() or .any(), use "
    "where(...), or turn vector input off.": (
        "在向量模式下 x 包含所有采样点，所以一次比较会对每个采样点给出一个答案，"
        "Python 的 if/while 无法从中选择一个。请用 .all() 或 .any() 对所有点一起判断，"
        "使用 where(...)，或者关闭向量输入。"
    ),
    AMBIGUOUS_BOOL_HINT: (
        "if (x > 0).all():      # 一次对所有采样点做判断\n"
        "# 或者关闭向量输入，让 f 每次只看到一个 x"
    ),
    "This is a problem inside gradplot, not in your function. "
    "The details were written to the log file.": CATALOGUE_ZH["internal"][1],
}

_WHAT_ZH = {"name": "名称", "function": "函数", "tensor method": "张量方法",
            "torch attribute": "torch 属性"}

# (pattern of an English title, Chinese title); groups are kept verbatim
_TITLE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Syntax error: (.+)\Z", re.S), "语法错误：{0}"),
    (re.compile(r"Refused: (.+)\Z", re.S), "拒绝执行：{0}"),
    (re.compile(r"Unknown (.+?) '(.+?)' - did you mean '(.+?)'\?\Z", re.S),
     "未知的{what}“{1}”——是不是想写“{2}”？"),
    (re.compile(r"Unknown (.+?) '(.+?)'\Z", re.S), "未知的{what}“{1}”"),
    (re.compile(r"'(.+?)' is used before it has a value\Z", re.S), "“{0}”在赋值之前就被使用了"),
    (re.compile(r"Type error: (.+)\Z", re.S), "类型错误：{0}"),
    (re.compile(r"The function needs more than the (\d+) MB it may use\Z", re.S),
     "函数需要的内存超过了允许的 {0} MB"),
    (re.compile(r"Arithmetic error: (.+)\Z", re.S), "算术错误：{0}"),
)
_SUGGEST = re.compile(r"did you mean (.+)\?\Z", re.S)


def _title_zh(info: ErrorInfo, base: tuple[str, str, str] | None) -> str:
    english = info.title
    if english in _EXACT_ZH:
        return _EXACT_ZH[english]
    if info.kind in CATALOGUE and english == CATALOGUE[info.kind][0] and base is not None:
        return base[0]
    for pattern, target in _TITLE_PATTERNS:
        m = pattern.match(english)
        if m is not None:
            groups = m.groups()
            what = _WHAT_ZH.get(groups[0], "名称") if "{what}" in target else ""
            return target.format(*groups, what=what)
    if base is not None:
        # a specific English message (a PyTorch or range message): keep it after the
        # translated heading, so nothing the engine said is lost
        return f"{base[0]}：{english}"
    return english


def _text_zh(english: str, kind: str, index: int, base: tuple[str, str, str] | None) -> str:
    if english in _EXACT_ZH:
        return _EXACT_ZH[english]
    if base is not None and kind in CATALOGUE and english == CATALOGUE[kind][index]:
        return base[index]
    if base is not None and kind not in CATALOGUE:
        return base[index] if english else english
    if index == 2:
        m = _SUGGEST.match(english)
        if m is not None:
            return f"是不是想写 {m.group(1)}？"
    return english


def localize_error(info: ErrorInfo) -> ErrorInfo:
    """``info`` in the current UI language (unchanged in English)."""
    if current_language() != "zh":
        return info
    base = CATALOGUE_ZH.get(info.kind)
    if info.kind == "notation":
        explanation = notation_zh(info)
    else:
        explanation = _text_zh(info.explanation, info.kind, 1, base)
    return dataclasses.replace(
        info,
        title=_title_zh(info, base),
        explanation=explanation,
        hint=_text_zh(info.hint, info.kind, 2, base),
    )


def where_text(info: ErrorInfo) -> str:
    """``info.where()`` in the current UI language."""
    if current_language() != "zh" or info.line is None:
        return info.where()
    if info.column is None:
        return f"第 {info.line} 行"
    return f"第 {info.line} 行，第 {info.column} 列"


# --- notes ------------------------------------------------------------------------------
# the heading of each kind of note in both languages (English: the notes panel's own)
NOTE_HEADS: dict[str, tuple[str, str]] = {
    "branch": ("Control flow", "控制流"),
    "nonfinite": ("Gaps", "缺口"),
    "point_timeout": ("Points left out", "略去的点"),
    "output": ("Printed", "打印输出"),
    "detach_off": ("detach() off", "detach() 已关闭"),
    "constant": ("Note", "提示"),
    "not_differentiable": ("Note", "提示"),
    "engine_restarted": ("Engine restarted", "引擎已重新启动"),
    "info": ("Note", "提示"),
}
# how the engine process ended, in a note (gradplot.engine_process.client)
_HOW_ZH: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"signal (\d+)\Z"), "信号 {0}"),
    (re.compile(r"exit code (-?\d+)\Z"), "退出码 {0}"),
    (re.compile(r"no answer\Z"), "没有响应"),
)
_CURVE_ZH = {"f": "f", "df": "f′", "d2f": "f″", "d3f": "f‴"}

# (kind, pattern of the engine's English note, Chinese text); {0}, {1}… are the groups
_NOTE_PATTERNS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("branch", re.compile(
        r"Vector mode made a Python decision \(if/while/bool\) at line (\d+) on a value "
        r"that depends on x: all samples took the same branch\. Turn vector input off to "
        r"decide per point\.\Z"),
     "向量模式在第 {0} 行根据依赖于 x 的值做了 Python 判断（if/while/bool）："
     "所有采样点都走了同一个分支。关闭“向量输入”即可逐点判断。"),
    ("point_timeout", re.compile(
        r"f ran too long at x = (.+?)(?: and (\d+) more)?; those points are left out "
        r"\(a gap in the curve\)\. A loop that never ends there is the usual cause\.\Z"),
     "f 在 x = {0}{where}运行时间过长，这些点被略去（曲线上的缺口）。"
     "通常是那里有一个永不结束的循环。"),
    ("nonfinite", re.compile(
        r"(.+?) (?:is|are) NaN or infinite at some x \((\d+) of (\d+) samples of f\); "
        r"those samples are gaps\.\Z"),
     "{names} 在某些 x 处为 NaN 或无穷大（f 的 {2} 个采样点中有 {1} 个）；"
     "这些采样点成为曲线上的缺口。"),
    ("constant", re.compile(
        r"f does not use x, so it is a constant and its derivative is 0 \(PyTorch itself "
        r"would have nothing to call backward\(\) on\)\.\Z"),
     "f 没有用到 x，所以它是常数，导数为 0（PyTorch 本身在这里没有可以调用 backward() "
     "的对象）。"),
    ("not_differentiable", re.compile(
        r"f is not connected to x by differentiable operations \(comparisons, where\(\) "
        r"between constants\.\.\.\), so its derivative is drawn as 0\. PyTorch's "
        r"y\.backward\(\) would raise '(.+?)'; switch strict backward on to see it\.\Z"),
     "f 与 x 之间没有可微的运算相连（比较运算、常数之间的 where() 等），所以导数画为 0。"
     "PyTorch 的 y.backward() 会报错“{0}”；打开“严格 backward”即可看到。"),
    ("engine_restarted", re.compile(
        r"The PyTorch engine process ended unexpectedly \((.+?)\) and was started again; "
        r"this plot was computed anew\.\Z"),
     "PyTorch 引擎进程意外结束（{how}），已重新启动；这张图是重新计算的。"),
    ("detach_off", re.compile(
        r"detach is switched off: every \.detach\(\) returns its input unchanged, so the "
        r"gradient flows through it\.\Z"),
     "detach 已关闭：每个 .detach() 都原样返回它的输入，所以梯度会流过它。"),
)


def _how_zh(how: str) -> str:
    for pattern, target in _HOW_ZH:
        m = pattern.match(how)
        if m is not None:
            return target.format(*m.groups())
    return how


def note_head(kind: str, line: int | None = None) -> str:
    """The heading of a note of ``kind`` (and its line) in the current UI language."""
    english, chinese = NOTE_HEADS.get(kind, NOTE_HEADS["info"])
    if current_language() != "zh":
        return english if line is None else f"{english}, line {line}"
    return chinese if line is None else f"{chinese}，第 {line} 行"


def localize_note(note: Note) -> Note:
    """``note`` in the current UI language (unchanged in English, or when unknown)."""
    if current_language() != "zh":
        return note
    for kind, pattern, target in _NOTE_PATTERNS:
        if kind != note.kind:
            continue
        m = pattern.match(note.message)
        if m is None:
            continue
        groups = m.groups()
        extra: dict[str, str] = {}
        if kind == "nonfinite":
            extra["names"] = "、".join(_CURVE_ZH.get(n, n) for n in groups[0].split(", "))
        if kind == "engine_restarted":
            extra["how"] = _how_zh(groups[0])
        if kind == "point_timeout":  # five are listed, the rest counted
            extra["where"] = f" 等 {5 + int(groups[1])} 个点处" if groups[1] else " 处"
        return dataclasses.replace(note, message=target.format(*groups, **extra))
    return note
