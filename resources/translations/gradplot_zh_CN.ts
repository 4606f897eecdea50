<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>engine</name>
        <message>
            <source># check the marked line; divide by (x + 1e-9) to avoid 1/0, clamp before log</source>
            <translation># 检查标记的行；用 (x + 1e-9) 做除数以避免 1/0，取 log 之前先 clamp</translation>
        </message>
        <message>
            <source># make 'x from' smaller than 'to'</source>
            <translation># 让“x 从”小于“到”</translation>
        </message>
        <message>
            <source># try the edit again; if it keeps happening, please report it with the log</source>
            <translation># 请重新编辑一次；如果问题反复出现，请附上日志报告它</translation>
        </message>
        <message>
            <source># use fewer points or a cheaper operation: x.diff(n=k) costs about k × n</source>
            <translation># 请减少点数或换用更便宜的运算：x.diff(n=k) 的代价约为 k × n</translation>
        </message>
        <message>
            <source># use fewer points, or smaller intermediate tensors</source>
            <translation># 请减少点数，或使用更小的中间张量</translation>
        </message>
        <message>
            <source># use fewer points, or smaller intermediate tensors (no n×n matrices)</source>
            <translation># 请减少点数，或使用更小的中间张量（不要用 n×n 的矩阵）</translation>
        </message>
        <message>
            <source># use the math functions: sin, exp, where, relu, norm, ...
def f(x):
    return where(x &gt; 0, x, 0.1 * x)</source>
            <translation># 请使用数学函数：sin, exp, where, relu, norm, ...
def f(x):
    return where(x &gt; 0, x, 0.1 * x)</translation>
        </message>
        <message>
            <source>'{name}' is used before it has a value</source>
            <translation>“{name}”在赋值之前就被使用了</translation>
        </message>
        <message>
            <source>A Python decision on many values at once</source>
            <translation>Python 在多个值上同时做判断</translation>
        </message>
        <message>
            <source>A function in gradplot may only compute with numbers and tensors. Imports, files, the network and Python's or torch's internals are not available, so that a shared lesson can never do anything but draw.</source>
            <translation>gradplot 中的函数只能用数字和张量做计算。导入模块、文件、网络以及 Python 或 torch 的内部机制都不可用，这样分享的课件除了画图之外什么也做不了。</translation>
        </message>
        <message>
            <source>A function's argument goes in brackets: sin(x), sqrt(x), not sin x.</source>
            <translation>函数的自变量要写在括号里：sin(x)、sqrt(x)，而不是 sin x。</translation>
        </message>
        <message>
            <source>A newer request replaced this one before it finished.</source>
            <translation>在它完成之前，一个更新的请求取代了它。</translation>
        </message>
        <message>
            <source>A power of a function goes after its brackets: sin(x)**2, not sin^2(x).</source>
            <translation>函数的乘方写在括号之后：sin(x)**2，而不是 sin^2(x)。</translation>
        </message>
        <message>
            <source>A tensor that autograd needs was changed in place (an operation ending in _ or +=). PyTorch refuses to change a leaf that requires grad in place, and refuses to backpropagate through a saved value that was overwritten.</source>
            <translation>autograd 需要的某个张量被原地修改了（以 _ 结尾的操作或 +=）。PyTorch 拒绝原地修改需要梯度的叶子张量，也拒绝穿过已被覆盖的保存值进行反向传播。</translation>
        </message>
        <message>
            <source>A value has the wrong type</source>
            <translation>某个值的类型不对</translation>
        </message>
        <message>
            <source>After backward() PyTorch frees the intermediate values of the computation graph to save memory. A second backward() over the same graph finds them gone.</source>
            <translation>执行 backward() 之后，PyTorch 会释放计算图的中间值以节省内存。对同一个计算图的第二次 backward() 会发现它们已经不在了。</translation>
        </message>
        <message>
            <source>An in-place change broke autograd</source>
            <translation>原地修改破坏了 autograd</translation>
        </message>
        <message>
            <source>An operation received a kind of value it cannot work with, for example a tensor where a plain number was needed, or a number where a tensor was needed.</source>
            <translation>某个运算收到了它无法处理的值，例如需要普通数字的地方给了张量，或者需要张量的地方给了数字。</translation>
        </message>
        <message>
            <source>Angles are in radians: 30° is 30*pi/180.</source>
            <translation>角度使用弧度：30° 写作 30*pi/180。</translation>
        </message>
        <message>
            <source>Arithmetic error: {message}</source>
            <translation>算术错误：{message}</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>已取消</translation>
        </message>
        <message>
            <source>Decimals are written with a point: 2.5, not 2,5 (a comma separates items).</source>
            <translation>小数用小数点书写：2.5，而不是 2,5（逗号用来分隔多个值）。</translation>
        </message>
        <message>
            <source>Evaluation cancelled</source>
            <translation>计算已取消</translation>
        </message>
        <message>
            <source>Functions have their Python names here:</source>
            <translation>这里的函数使用 Python 的名称：</translation>
        </message>
        <message>
            <source>In Python the power is **: x**2, not x^2 (^ is bitwise xor) nor x².</source>
            <translation>Python 的乘方写作 **：x**2，而不是 x^2（^ 是按位异或）或 x²。</translation>
        </message>
        <message>
            <source>In vector mode x holds every sample, so a comparison gives one answer per sample and Python's if/while cannot pick one. Decide on all of them with .all() or .any(), use where(...), or turn vector input off.</source>
            <translation>在向量模式下 x 包含所有采样点，所以一次比较会对每个采样点给出一个答案，Python 的 if/while 无法从中选择一个。请用 .all() 或 .any() 对所有点一起判断，使用 where(...)，或者关闭向量输入。</translation>
        </message>
        <message>
            <source>Nothing here requires a gradient</source>
            <translation>这里没有任何量需要梯度</translation>
        </message>
        <message>
            <source>One of the evaluation settings (range, points, order, passes, time limit) is not allowed.</source>
            <translation>某项计算设置（范围、点数、阶数、反向传播次数、时间限制）不被允许。</translation>
        </message>
        <message>
            <source>PyTorch asked for more memory than gradplot lets one function have, so the evaluation was stopped before it could slow the whole computer down. The window and your function are fine.</source>
            <translation>PyTorch 申请的内存超过了 gradplot 允许一个函数使用的上限，所以计算在拖慢整台电脑之前就被停止了。窗口和你的函数都安然无恙。</translation>
        </message>
        <message>
            <source>PyTorch can only start backpropagation from a single number. f returned a tensor with many values, and y.backward() with no argument does not know how to weigh them.</source>
            <translation>PyTorch 只能从单个数开始反向传播。f 返回了包含多个值的张量，不带参数的 y.backward() 不知道该如何给它们加权。</translation>
        </message>
        <message>
            <source>PyTorch stopped answering, so gradplot restarted it</source>
            <translation>PyTorch 没有响应，gradplot 已将它重新启动</translation>
        </message>
        <message>
            <source>Python has no ! operator: write the value (5! is 120) or the product, such as x*(x-1)*(x-2).</source>
            <translation>Python 没有 ! 运算符：请直接写出数值（5! 是 120）或乘积，例如 x*(x-1)*(x-2)。</translation>
        </message>
        <message>
            <source>Python is typed with the keyboard's operators and names:</source>
            <translation>Python 用键盘上的运算符和名称书写：</translation>
        </message>
        <message>
            <source>Python needs * for every product: 2*x, 2*(x+1), (x+1)*(x-1), x*sin(x).</source>
            <translation>Python 的每个乘法都要写 *：2*x、2*(x+1)、(x+1)*(x-1)、x*sin(x)。</translation>
        </message>
        <message>
            <source>Python or PyTorch raised an error while evaluating f. The message below says what it was; the marked line is where it happened.</source>
            <translation>计算 f 时 Python 或 PyTorch 抛出了错误。下面的消息说明了错误是什么；标记的行是出错的位置。</translation>
        </message>
        <message>
            <source>Python tells capitals apart: the variable is x; X would be another name (a slider).</source>
            <translation>Python 区分大小写：自变量是 x；X 会是另一个名称（一个滑块）。</translation>
        </message>
        <message>
            <source>Refused: the function needs too much memory or nesting</source>
            <translation>拒绝执行：函数需要的内存或嵌套层数过多</translation>
        </message>
        <message>
            <source>Refused: {message}</source>
            <translation>拒绝执行：{message}</translation>
        </message>
        <message>
            <source>Stopped: the function kept computing - a loop that never ends?</source>
            <translation>已停止：函数一直在计算——是不是有一个永不结束的循环？</translation>
        </message>
        <message>
            <source>Syntax error: {message}</source>
            <translation>语法错误：{message}</translation>
        </message>
        <message>
            <source>Tensors combined in one operation must have matching shapes, and f must return either one value per x or a single number. In vector mode x holds every sample at once.</source>
            <translation>在同一个运算中组合的张量必须具有匹配的形状，而且 f 必须对每个 x 返回一个值，或者只返回一个数。在向量模式下，x 一次包含所有采样点。</translation>
        </message>
        <message>
            <source>The PyTorch engine ended while evaluating this function</source>
            <translation>计算这个函数时 PyTorch 引擎意外结束</translation>
        </message>
        <message>
            <source>The PyTorch engine process ended unexpectedly ({how}) and was started again; this plot was computed anew.</source>
            <translation>PyTorch 引擎进程意外结束（{how}），已重新启动；这张图是重新计算的。</translation>
        </message>
        <message>
            <source>The absolute value |x| is written abs(x).</source>
            <translation>绝对值 |x| 写作 abs(x)。</translation>
        </message>
        <message>
            <source>The engine process was still busy well past the time limit, inside one PyTorch operation that cannot be interrupted (or it was paused), so gradplot stopped it and started a new one. The window and your function are safe.</source>
            <translation>引擎进程在超过时间限制很久之后仍在忙，卡在一个无法中断的 PyTorch 运算里（或者它被暂停了），所以 gradplot 停止了它并启动了一个新的。窗口和你的函数都安然无恙。</translation>
        </message>
        <message>
            <source>The evaluation engine could not be loaded</source>
            <translation>无法加载计算引擎</translation>
        </message>
        <message>
            <source>The function failed while running</source>
            <translation>函数运行时出错</translation>
        </message>
        <message>
            <source>The function kept taking more memory than gradplot lets one function have, so gradplot stopped the PyTorch engine before it could slow the whole computer down, and started a new one. The window and your function are safe: the next edit is drawn.</source>
            <translation>函数占用的内存不断增加，超过了 gradplot 允许一个函数使用的上限，所以 gradplot 在它拖慢整台电脑之前停止了 PyTorch 引擎，并启动了一个新的引擎。窗口和你的函数都安然无恙：下一次编辑会照常绘制。</translation>
        </message>
        <message>
            <source>The function needs more memory than it may use</source>
            <translation>函数需要的内存超过了允许的上限</translation>
        </message>
        <message>
            <source>The function needs more than the {limit} MB it may use</source>
            <translation>函数需要的内存超过了允许的 {limit} MB</translation>
        </message>
        <message>
            <source>The left and the right end of the x range are the same number, so there is nothing to sample.</source>
            <translation>x 范围的左端和右端是同一个数，因此没有可以采样的点。</translation>
        </message>
        <message>
            <source>The name is not one of gradplot's functions and was not assigned before it was used. Free names used as values become parameters with sliders; a called name must be a known function.</source>
            <translation>这个名称既不是 gradplot 提供的函数，也没有在使用之前被赋值。作为数值使用的自由名称会变成带滑块的参数；被调用的名称必须是已知的函数。</translation>
        </message>
        <message>
            <source>The output is not connected to x in the autograd graph, so there is nothing to differentiate. This happens when everything was detached, or f does not use x through tensor operations.</source>
            <translation>输出在 autograd 计算图中与 x 没有连接，因此没有可以求导的东西。当所有东西都被 detach，或者 f 没有通过张量运算使用 x 时，就会出现这种情况。</translation>
        </message>
        <message>
            <source>The separate process that runs PyTorch ended unexpectedly, twice in a row on this function, so gradplot did not try a third time. A new engine is ready: the next edit is drawn, and the window and your function are safe. Very large memory use is the usual cause.</source>
            <translation>运行 PyTorch 的独立进程在这个函数上连续两次意外结束，所以 gradplot 没有再试第三次。新的引擎已经就绪：下一次编辑会被画出来，窗口和你的函数都安然无恙。通常的原因是占用了非常多的内存。</translation>
        </message>
        <message>
            <source>The settings are out of range</source>
            <translation>设置超出范围</translation>
        </message>
        <message>
            <source>The shapes do not fit</source>
            <translation>形状不匹配</translation>
        </message>
        <message>
            <source>The x range is empty</source>
            <translation>x 的范围为空</translation>
        </message>
        <message>
            <source>This is a problem inside gradplot, not in your function. The details were written to the log file.</source>
            <translation>这是 gradplot 自身的问题，不是你的函数的问题。详细信息已写入日志文件。</translation>
        </message>
        <message>
            <source>This is maths notation: Python writes it differently</source>
            <translation>这是数学写法：Python 的写法不同</translation>
        </message>
        <message>
            <source>This is not valid Python</source>
            <translation>这不是有效的 Python 代码</translation>
        </message>
        <message>
            <source>Type error: {message}</source>
            <translation>类型错误：{message}</translation>
        </message>
        <message>
            <source>Type only the right-hand side, x**2, not f(x) = x**2 or y = x**2; for another variable write def f(t): return t**2.</source>
            <translation>只写等号右边的部分：x**2，而不是 f(x) = x**2 或 y = x**2；自变量用别的名字时写 def f(t): return t**2。</translation>
        </message>
        <message>
            <source>Unknown name</source>
            <translation>未知的名称</translation>
        </message>
        <message>
            <source>Unknown {what} '{name}'</source>
            <translation>未知的{what}“{name}”</translation>
        </message>
        <message>
            <source>Unknown {what} '{name}' - did you mean '{suggestion}'?</source>
            <translation>未知的{what}“{name}”——是不是想写“{suggestion}”？</translation>
        </message>
        <message>
            <source>Vector mode made a Python decision (if/while/bool) at line {line} on a value that depends on x: all samples took the same branch. Turn vector input off to decide per point.</source>
            <translation>向量模式在第 {line} 行根据依赖于 x 的值做了 Python 判断（if/while/bool）：所有采样点都走了同一个分支。关闭“向量输入”即可逐点判断。</translation>
        </message>
        <message>
            <source>backward passes must be 1 to {limit}</source>
            <translation>反向传播次数必须在 1 到 {limit} 之间</translation>
        </message>
        <message>
            <source>backward() needs a scalar output</source>
            <translation>backward() 需要标量输出</translation>
        </message>
        <message>
            <source>backward() ran twice through a freed graph</source>
            <translation>backward() 第二次穿过已释放的计算图</translation>
        </message>
        <message>
            <source>cancelled</source>
            <translation>已取消</translation>
        </message>
        <message>
            <source>could not load</source>
            <translation>无法加载</translation>
        </message>
        <message>
            <source>d2f</source>
            <translation>f″</translation>
        </message>
        <message>
            <source>d3f</source>
            <translation>f‴</translation>
        </message>
        <message>
            <source>d4f</source>
            <translation>f⁗</translation>
        </message>
        <message>
            <source>def f(x):
    return x.sum()   # tensors have methods; plain numbers do not</source>
            <translation>def f(x):
    return x.sum()   # 张量有方法，普通数字没有</translation>
        </message>
        <message>
            <source>detach is switched off: every .detach() returns its input unchanged, so the gradient flows through it.</source>
            <translation>detach 已关闭：每个 .detach() 都原样返回它的输入，所以梯度会流过它。</translation>
        </message>
        <message>
            <source>df</source>
            <translation>f′</translation>
        </message>
        <message>
            <source>did you mean {suggestions}?</source>
            <translation>是不是想写 {suggestions}？</translation>
        </message>
        <message>
            <source>dtype must be float32 or float64, not {dtype}</source>
            <translation>dtype 必须是 float32 或 float64，而不是 {dtype}</translation>
        </message>
        <message>
            <source>every x value must be a finite number</source>
            <translation>每个 x 值都必须是有限的数</translation>
        </message>
        <message>
            <source>exit code {code}</source>
            <translation>退出码 {code}</translation>
        </message>
        <message>
            <source>f</source>
            <translation>f</translation>
        </message>
        <message>
            <source>f does not use x, so it is a constant and its derivative is 0 (PyTorch itself would have nothing to call backward() on).</source>
            <translation>f 没有用到 x，所以它是常数，导数为 0（PyTorch 本身在这里没有可以调用 backward() 的对象）。</translation>
        </message>
        <message>
            <source>f is not connected to x by differentiable operations (comparisons, where() between constants...), so its derivative is drawn as 0. PyTorch's y.backward() would raise 'element 0 of tensors does not require grad'; switch strict backward on to see it.</source>
            <translation>f 与 x 之间没有可微的运算相连（比较运算、常数之间的 where() 等），所以导数画为 0。PyTorch 的 y.backward() 会报错“element 0 of tensors does not require grad”；打开“严格 backward”即可看到。</translation>
        </message>
        <message>
            <source>f ran too long at x = {points} and {more} more; those {total} points are left out (a gap in the curve). A loop that never ends there is the usual cause.</source>
            <translation>f 在 x = {points} 等 {total} 个点处运行时间过长（另有 {more} 个点未列出），这些点被略去（曲线上的缺口）。通常是那里有一个永不结束的循环。</translation>
        </message>
        <message>
            <source>f ran too long at x = {points}; those points are left out (a gap in the curve). A loop that never ends there is the usual cause.</source>
            <translation>f 在 x = {points} 处运行时间过长，这些点被略去（曲线上的缺口）。通常是那里有一个永不结束的循环。</translation>
        </message>
        <message>
            <source>f returned a tensor of shape {shape}, but x has {samples} samples: return one value per sample or a single number</source>
            <translation>f 返回了形状为 {shape} 的张量，但 x 有 {samples} 个采样点：请对每个采样点返回一个值，或者只返回一个数</translation>
        </message>
        <message>
            <source>f returned {count} values for one x: with vector input off f must return one number</source>
            <translation>f 对一个 x 返回了 {count} 个值：关闭向量输入时，f 必须只返回一个数</translation>
        </message>
        <message>
            <source>f was still computing when gradplot's limit ran out (a few seconds, or a few hundred million computed values). That usually means a loop that never ends for some inputs - for example `while b.norm() &lt; 1000: b = b * 2` never ends when b is 0.</source>
            <translation>gradplot 的限制（几秒钟的时间，或几亿个计算出的值）用完时，f 仍在计算。这通常意味着某些输入下循环永远不会结束——例如当 b 为 0 时，`while b.norm() &lt; 1000: b = b * 2` 永远不会结束。</translation>
        </message>
        <message>
            <source>function</source>
            <translation>函数</translation>
        </message>
        <message>
            <source>gradplot does not run this</source>
            <translation>gradplot 不运行这段代码</translation>
        </message>
        <message>
            <source>gradplot failed while evaluating</source>
            <translation>gradplot 在计算时出错</translation>
        </message>
        <message>
            <source>gradplot reads your function as Python.</source>
            <translation>gradplot 把你的函数当作 Python 读取。</translation>
        </message>
        <message>
            <source>gradplot reads your function as Python. The marked place is where Python stopped understanding it: look for a missing bracket, colon or operator just before it.</source>
            <translation>gradplot 把你的函数当作 Python 读取。标记的位置是 Python 无法继续理解的地方：请检查它前面是否缺少括号、冒号或运算符。</translation>
        </message>
        <message>
            <source>if (x &gt; 0).all():      # decide on all samples at once
# or turn vector input off so f sees one x at a time</source>
            <translation>if (x &gt; 0).all():      # 一次对所有采样点做判断
# 或者关闭向量输入，让 f 每次只看到一个 x</translation>
        </message>
        <message>
            <source>name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>no answer</source>
            <translation>没有响应</translation>
        </message>
        <message>
            <source>no answer while loading</source>
            <translation>加载时没有响应</translation>
        </message>
        <message>
            <source>over the memory cap</source>
            <translation>超出内存上限</translation>
        </message>
        <message>
            <source>parameter {name} must be a finite number</source>
            <translation>参数 {name} 必须是有限的数</translation>
        </message>
        <message>
            <source>parameter {name} must be a number</source>
            <translation>参数 {name} 必须是一个数</translation>
        </message>
        <message>
            <source>signal {signal}</source>
            <translation>信号 {signal}</translation>
        </message>
        <message>
            <source>sin(x)   # known functions: sin, cos, exp, log, sqrt, relu, sigmoid, dot, norm, ...</source>
            <translation>sin(x)   # 已知函数：sin, cos, exp, log, sqrt, relu, sigmoid, dot, norm, ...</translation>
        </message>
        <message>
            <source>sin(x) * 2          # an expression in x
def f(x):
    return sin(x) * 2</source>
            <translation>sin(x) * 2          # 关于 x 的表达式
def f(x):
    return sin(x) * 2</translation>
        </message>
        <message>
            <source>tensor method</source>
            <translation>张量方法</translation>
        </message>
        <message>
            <source>the derivative order must be 1 to {limit}</source>
            <translation>导数的阶数必须在 1 到 {limit} 之间</translation>
        </message>
        <message>
            <source>the number of points must be 1 to {limit:,}</source>
            <translation>点数必须在 1 到 {limit:,} 之间</translation>
        </message>
        <message>
            <source>the time limit must be between 0 and {limit:g} s</source>
            <translation>时间限制必须在 0 到 {limit:g} 秒之间</translation>
        </message>
        <message>
            <source>the x range must be two finite numbers, low &lt; high (got {low}, {high})</source>
            <translation>x 的范围必须是两个有限的数，且左端小于右端（现在是 {low}, {high}）</translation>
        </message>
        <message>
            <source>torch attribute</source>
            <translation>torch 属性</translation>
        </message>
        <message>
            <source>u = y.detach()   # cuts the graph: use y itself where the gradient must flow
return u * x      # keep at least one path from x to the output</source>
            <translation>u = y.detach()   # 切断计算图：需要梯度流过的地方请直接使用 y
return u * x      # 至少保留一条从 x 到输出的路径</translation>
        </message>
        <message>
            <source>while b.norm() &lt; 1000 and steps &lt; 100:   # bound every loop
    b = b * 2
    steps += 1</source>
            <translation>while b.norm() &lt; 1000 and steps &lt; 100:   # 给每个循环设上限
    b = b * 2
    steps += 1</translation>
        </message>
        <message>
            <source>x must have 1 to {limit:,} values</source>
            <translation>x 必须有 1 到 {limit:,} 个值</translation>
        </message>
        <message>
            <source>x.sum()        # one number from all samples
x * x          # one value per sample</source>
            <translation>x.sum()        # 由所有采样点得到一个数
x * x          # 每个采样点一个值</translation>
        </message>
        <message>
            <source>y = y + 1        # make a new tensor instead of y += 1 or y.add_(1)</source>
            <translation>y = y + 1        # 创建新张量，而不是 y += 1 或 y.add_(1)</translation>
        </message>
        <message>
            <source>y.backward(retain_graph=True)   # keep the graph for another pass
y.backward()</source>
            <translation>y.backward(retain_graph=True)   # 为下一次反向传播保留计算图
y.backward()</translation>
        </message>
        <message>
            <source>y.backward(torch.ones_like(y))   # the gradient of y.sum()
y.sum().backward()               # the same thing</source>
            <translation>y.backward(torch.ones_like(y))   # 即 y.sum() 的梯度
y.sum().backward()               # 效果相同</translation>
        </message>
        <message>
            <source>{a} {b}</source>
            <translation>{a}{b}</translation>
        </message>
        <message>
            <source>{a}, {b}</source>
            <translation>{a}、{b}</translation>
        </message>
        <message>
            <source>{names} are NaN or infinite at some x ({count} of {samples} samples of f); those samples are gaps.</source>
            <translation>{names} 在某些 x 处为 NaN 或无穷大（f 的 {samples} 个采样点中有 {count} 个）；这些采样点成为曲线上的缺口。</translation>
        </message>
        <message>
            <source>{names} is NaN or infinite at some x ({count} of {samples} samples of f); those samples are gaps.</source>
            <translation>{names} 在某些 x 处为 NaN 或无穷大（f 的 {samples} 个采样点中有 {count} 个）；这些采样点成为曲线上的缺口。</translation>
        </message>
        <message>
            <source>{python} for {maths}</source>
            <translation>用 {python} 代替 {maths}</translation>
        </message>
        <message>
            <source>{rule} {pairs}.</source>
            <translation>{rule}{pairs}。</translation>
        </message>
        <message>
            <source>{title} (at x = {x})</source>
            <translation>{title}（x = {x} 处）</translation>
        </message>
    </context>
    <context>
        <name>gradplot</name>
        <message>
            <source>%1 %2 ms</source>
            <translation>%1 %2 毫秒</translation>
        </message>
        <message>
            <source>%1 (scalar)</source>
            <translation>%1（标量）</translation>
        </message>
        <message>
            <source>%1 (scalar)%2</source>
            <translation type="vanished">%1（标量）%2</translation>
        </message>
        <message>
            <source>%1 fps</source>
            <translation>每秒 %1 帧</translation>
        </message>
        <message>
            <source>%1 nodes</source>
            <translation>%1 个节点</translation>
        </message>
        <message>
            <source>%1 of %2 points</source>
            <translation>%1 / %2 个点</translation>
        </message>
        <message>
            <source>%1 points</source>
            <translation>%1 个点</translation>
        </message>
        <message>
            <source>%1 receives the gradient %2.</source>
            <translation>%1 收到梯度 %2。</translation>
        </message>
        <message>
            <source>%1 slider highest value</source>
            <translation>%1 滑块最大值</translation>
        </message>
        <message>
            <source>%1 slider lowest value</source>
            <translation>%1 滑块最小值</translation>
        </message>
        <message>
            <source>%1, line %2</source>
            <translation>%1，第 %2 行</translation>
        </message>
        <message>
            <source>%1: freed</source>
            <translation>%1：已释放</translation>
        </message>
        <message>
            <source>&amp;About gradplot</source>
            <translation>关于 gradplot(&amp;A)</translation>
        </message>
        <message>
            <source>&amp;Add current state as a slide</source>
            <translation>把当前状态添加为幻灯片(&amp;A)</translation>
        </message>
        <message>
            <source>&amp;Copy</source>
            <translation>复制(&amp;C)</translation>
        </message>
        <message>
            <source>&amp;Copy plot image</source>
            <translation>复制图像(&amp;C)</translation>
        </message>
        <message>
            <source>&amp;Delete slide</source>
            <translation>删除幻灯片(&amp;D)</translation>
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation>编辑(&amp;E)</translation>
        </message>
        <message>
            <source>&amp;Edit slide texts…</source>
            <translation>编辑幻灯片文字(&amp;E)…</translation>
        </message>
        <message>
            <source>&amp;Export plot</source>
            <translation>导出图像(&amp;E)</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Fit the curves</source>
            <translation>缩放以适应曲线(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <source>&amp;Language</source>
            <translation>语言(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;Lesson</source>
            <translation>课程(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;Lessons</source>
            <translation>课程(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;Next slide</source>
            <translation>下一张幻灯片(&amp;N)</translation>
        </message>
        <message>
            <source>&amp;Notes</source>
            <translation>讲解(&amp;N)</translation>
        </message>
        <message>
            <source>&amp;Open…</source>
            <translation>打开(&amp;O)…</translation>
        </message>
        <message>
            <source>&amp;Previous slide</source>
            <translation>上一张幻灯片(&amp;P)</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <source>&amp;Redo</source>
            <translation>重做(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Reset slide</source>
            <translation>重置幻灯片(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Reset x range</source>
            <translation>重置 x 范围(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>保存(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;Secant to tangent</source>
            <translation>割线到切线(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;Tangent line at the cursor</source>
            <translation>光标处的切线(&amp;T)</translation>
        </message>
        <message>
            <source>&amp;Title</source>
            <translation>标题(&amp;T)</translation>
        </message>
        <message>
            <source>&amp;Undo</source>
            <translation>撤销(&amp;U)</translation>
        </message>
        <message>
            <source>&amp;Update slide from current state</source>
            <translation>用当前状态更新幻灯片(&amp;U)</translation>
        </message>
        <message>
            <source>&amp;Values</source>
            <translation>数值表(&amp;V)</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <source>&amp;dtype</source>
            <translation>数据类型(&amp;D)</translation>
        </message>
        <message>
            <source>&amp;x at:</source>
            <translation>x 取值(&amp;X)：</translation>
        </message>
        <message>
            <source>'%1' is not a finite number: type numbers such as 0, 1, 2, 3</source>
            <translation>“%1”不是有限的数：请输入像 0, 1, 2, 3 这样的数</translation>
        </message>
        <message>
            <source>'%1' is not a number. Type x as a plain number, such as 1 or -0.5.</source>
            <translation>'%1' 不是数字。请把 x 输入为普通数字，例如 1 或 -0.5。</translation>
        </message>
        <message>
            <source>'%1' is not a number: type numbers separated by commas, such as 0, 1, 2, 3</source>
            <translation>“%1”不是数：请输入用逗号分隔的数，例如 0, 1, 2, 3</translation>
        </message>
        <message>
            <source>(max |f′ − ref| = {value})</source>
            <translation>（max |f′ − ref| = {value}）</translation>
        </message>
        <message>
            <source>(no lesson)</source>
            <translation>（无课程）</translation>
        </message>
        <message>
            <source>(none)</source>
            <translation>（无）</translation>
        </message>
        <message>
            <source>(scalar)</source>
            <translation type="vanished">（标量）</translation>
        </message>
        <message>
            <source>+ Slide</source>
            <translation>+ 幻灯片</translation>
        </message>
        <message>
            <source>0 slides</source>
            <translation>0 张幻灯片</translation>
        </message>
        <message>
            <source>&lt;b&gt;Fix&lt;/b&gt;</source>
            <translation>&lt;b&gt;修复方法&lt;/b&gt;</translation>
        </message>
        <message>
            <source>&lt;b&gt;What to notice&lt;/b&gt;</source>
            <translation>&lt;b&gt;注意观察&lt;/b&gt;</translation>
        </message>
        <message>
            <source>&lt;b&gt;f(x)&lt;/b&gt; &lt;span style='color:#666'&gt;— an expression in x, or &lt;code&gt;def f(x): …&lt;/code&gt;&lt;/span&gt;</source>
            <translation>&lt;b&gt;f(x)&lt;/b&gt; &lt;span style='color:#666'&gt;— 关于 x 的表达式，或 &lt;code&gt;def f(x): …&lt;/code&gt;&lt;/span&gt;</translation>
        </message>
        <message>
            <source>&lt;b&gt;tensor.detach()&lt;/b&gt;&lt;br&gt;On: .detach() cuts the graph: gradients do not flow back through it.&lt;br&gt;Off: detach() is treated as identity, to compare.&lt;br&gt;&lt;span style='color:#666'&gt;Shortcut: Alt+D&lt;/span&gt;</source>
            <translation>&lt;b&gt;tensor.detach()&lt;/b&gt;&lt;br&gt;开：.detach() 切断计算图，梯度不会从它流回。&lt;br&gt;关：把 detach() 当作恒等操作，用来对比。&lt;br&gt;&lt;span style='color:#666'&gt;快捷键：Alt+D&lt;/span&gt;</translation>
        </message>
        <message>
            <source>&lt;b&gt;torch.autograd.grad(..., create_graph=True)&lt;/b&gt;&lt;br&gt;Higher derivatives differentiate the derivative again: that needs create_graph=True on the earlier pass.&lt;br&gt;&lt;span style='color:#666'&gt;Shortcut: Alt+O&lt;/span&gt;</source>
            <translation>&lt;b&gt;torch.autograd.grad(..., create_graph=True)&lt;/b&gt;&lt;br&gt;高阶导数是对导数再次求导：这需要前一次计算使用 create_graph=True。&lt;br&gt;&lt;span style='color:#666'&gt;快捷键：Alt+O&lt;/span&gt;</translation>
        </message>
        <message>
            <source>&lt;b&gt;torch.linspace(lo, hi, n)&lt;/b&gt;&lt;br&gt;Left end of the x grid.&lt;br&gt;&lt;span style='color:#666'&gt;Shortcut: —&lt;/span&gt;</source>
            <translation>&lt;b&gt;torch.linspace(lo, hi, n)&lt;/b&gt;&lt;br&gt;x 网格的左端。&lt;br&gt;&lt;span style='color:#666'&gt;快捷键：—&lt;/span&gt;</translation>
        </message>
        <message>
            <source>&lt;b&gt;torch.linspace(lo, hi, n)&lt;/b&gt;&lt;br&gt;Right end of the x grid.&lt;br&gt;&lt;span style='color:#666'&gt;Shortcut: —&lt;/span&gt;</source>
            <translation>&lt;b&gt;torch.linspace(lo, hi, n)&lt;/b&gt;&lt;br&gt;x 网格的右端。&lt;br&gt;&lt;span style='color:#666'&gt;快捷键：—&lt;/span&gt;</translation>
        </message>
        <message>
            <source>&lt;b&gt;x = torch.linspace(...).requires_grad_()&lt;/b&gt;&lt;br&gt;On: f is called once with the whole tensor x and y.sum().backward() (y.backward(torch.ones_like(y))) gives every slope at once.&lt;br&gt;Off: f is called once per point with a 0-d tensor, so if/while decide per point.&lt;br&gt;&lt;span style='color:#666'&gt;Shortcut: Alt+V&lt;/span&gt;</source>
            <translation>&lt;b&gt;x = torch.linspace(...).requires_grad_()&lt;/b&gt;&lt;br&gt;开：用整个张量 x 调用 f 一次，y.sum().backward()（即 y.backward(torch.ones_like(y))）一次得到所有斜率。&lt;br&gt;关：对每个点用 0 维张量调用 f 一次，所以 if/while 逐点判断。&lt;br&gt;&lt;span style='color:#666'&gt;快捷键：Alt+V&lt;/span&gt;</translation>
        </message>
        <message>
            <source>&lt;b&gt;x = torch.linspace(lo, hi, n)&lt;/b&gt;&lt;br&gt;Number of sample points n. &lt;i&gt;auto&lt;/i&gt;: one per screen pixel, re-sampled after every pan and zoom. A number: exactly that grid (points are marked when few).&lt;br&gt;&lt;span style='color:#666'&gt;Shortcut: —&lt;/span&gt;</source>
            <translation>&lt;b&gt;x = torch.linspace(lo, hi, n)&lt;/b&gt;&lt;br&gt;采样点数 n。&lt;i&gt;自动&lt;/i&gt;：每个屏幕像素一个点，每次平移和缩放后重新采样。一个数字：正好使用这个网格（点数少时会标出每个点）。&lt;br&gt;&lt;span style='color:#666'&gt;快捷键：—&lt;/span&gt;</translation>
        </message>
        <message>
            <source>&lt;b&gt;x.grad.zero_()&lt;/b&gt;&lt;br&gt;Reset x.grad between backward passes. Off: gradients accumulate (add up).&lt;br&gt;&lt;span style='color:#666'&gt;Shortcut: Alt+Z&lt;/span&gt;</source>
            <translation>&lt;b&gt;x.grad.zero_()&lt;/b&gt;&lt;br&gt;在两次反向传播之间把 x.grad 清零。关：梯度会累积（相加）。&lt;br&gt;&lt;span style='color:#666'&gt;快捷键：Alt+Z&lt;/span&gt;</translation>
        </message>
        <message>
            <source>&lt;b&gt;y.backward()  vs  y.backward(gradient=torch.ones_like(y))&lt;/b&gt;&lt;br&gt;On: call plain y.backward(), which PyTorch only allows for a scalar y.&lt;br&gt;Off: a vector y gets backward(gradient=ones_like(y)), the gradient of y.sum().&lt;br&gt;&lt;span style='color:#666'&gt;Shortcut: Alt+S&lt;/span&gt;</source>
            <translation>&lt;b&gt;y.backward()  vs  y.backward(gradient=torch.ones_like(y))&lt;/b&gt;&lt;br&gt;开：调用不带参数的 y.backward()，PyTorch 只允许对标量 y 这样做。&lt;br&gt;关：向量 y 使用 backward(gradient=ones_like(y))，即 y.sum() 的梯度。&lt;br&gt;&lt;span style='color:#666'&gt;快捷键：Alt+S&lt;/span&gt;</translation>
        </message>
        <message>
            <source>&lt;b&gt;y.backward() called several times&lt;/b&gt;&lt;br&gt;How many times backward runs. Without retain graph the second pass fails; without zero grad the gradient accumulates.&lt;br&gt;&lt;span style='color:#666'&gt;Shortcut: Alt+P&lt;/span&gt;</source>
            <translation>&lt;b&gt;多次调用 y.backward()&lt;/b&gt;&lt;br&gt;backward 运行的次数。不保留计算图时第二次会失败；不清零梯度时梯度会累积。&lt;br&gt;&lt;span style='color:#666'&gt;快捷键：Alt+P&lt;/span&gt;</translation>
        </message>
        <message>
            <source>&lt;b&gt;y.backward(retain_graph=True)&lt;/b&gt;&lt;br&gt;Keep the autograd graph after backward so a second backward pass can run.&lt;br&gt;&lt;span style='color:#666'&gt;Shortcut: Alt+R&lt;/span&gt;</source>
            <translation>&lt;b&gt;y.backward(retain_graph=True)&lt;/b&gt;&lt;br&gt;backward 之后保留 autograd 计算图，这样可以再做一次反向传播。&lt;br&gt;&lt;span style='color:#666'&gt;快捷键：Alt+R&lt;/span&gt;</translation>
        </message>
        <message>
            <source>&lt;span style='color:#666'&gt;Free names such as &lt;b&gt;a&lt;/b&gt; in &lt;code&gt;a*sin(b*x)&lt;/code&gt; get a slider here.&lt;/span&gt;</source>
            <translation>&lt;span style='color:#666'&gt;像 &lt;code&gt;a*sin(b*x)&lt;/code&gt; 中的 &lt;b&gt;a&lt;/b&gt; 这样的自由名称会在这里得到一个滑块。&lt;/span&gt;</translation>
        </message>
        <message>
            <source>About gradplot</source>
            <translation>关于 gradplot</translation>
        </message>
        <message>
            <source>Add current state as a slide</source>
            <translation>把当前状态添加为幻灯片</translation>
        </message>
        <message>
            <source>Add the current function and switches as a new slide</source>
            <translation>把当前函数和开关添加为新幻灯片</translation>
        </message>
        <message>
            <source>An expression for the derivative you expect. It is drawn dashed, and the largest difference to the autograd f′ is shown.</source>
            <translation>你预期的导数表达式。它以虚线绘制，并显示它与 autograd 计算的 f′ 之间的最大差值。</translation>
        </message>
        <message>
            <source>Autograd</source>
            <translation>自动求导（autograd）</translation>
        </message>
        <message>
            <source>Automatic differentiation (D2L 2.5)</source>
            <translation>自动微分（D2L 2.5）</translation>
        </message>
        <message>
            <source>Autosave failed: {reason}</source>
            <translation>自动保存失败：{reason}</translation>
        </message>
        <message>
            <source>Back to before backward() (Home)</source>
            <translation>回到 backward() 之前（Home）</translation>
        </message>
        <message>
            <source>Backward &amp;passes</source>
            <translation>反向传播次数(&amp;P)</translation>
        </message>
        <message>
            <source>Backward passes</source>
            <translation>反向传播次数</translation>
        </message>
        <message>
            <source>Bounce</source>
            <translation>往返</translation>
        </message>
        <message>
            <source>CSV of x, f and derivatives</source>
            <translation>x、f 和导数的 CSV 表格</translation>
        </message>
        <message>
            <source>CSV of x, f and derivatives…</source>
            <translation>x、f 和导数的 CSV 表格…</translation>
        </message>
        <message>
            <source>CSV table</source>
            <translation>CSV 表格</translation>
        </message>
        <message>
            <source>Calculus: from secant to tangent (D2L 2.4)</source>
            <translation>微积分：从割线到切线（D2L 2.4）</translation>
        </message>
        <message>
            <source>Classroom</source>
            <translation>课堂</translation>
        </message>
        <message>
            <source>Classroom toolbar</source>
            <translation>课堂工具栏</translation>
        </message>
        <message>
            <source>Clear trace</source>
            <translation>清除轨迹</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Closes the dock widget</source>
            <translation>关闭停靠窗口</translation>
        </message>
        <message>
            <source>Computation &amp;graph</source>
            <translation>计算图(&amp;G)</translation>
        </message>
        <message>
            <source>Computation graph</source>
            <translation>计算图</translation>
        </message>
        <message>
            <source>Control flow</source>
            <translation>控制流</translation>
        </message>
        <message>
            <source>Copy</source>
            <translation>复制</translation>
        </message>
        <message>
            <source>Copy as CSV</source>
            <translation>复制为 CSV</translation>
        </message>
        <message>
            <source>Copy plot image</source>
            <translation>复制图像</translation>
        </message>
        <message>
            <source>Copy the PyTorch script</source>
            <translation>复制 PyTorch 脚本</translation>
        </message>
        <message>
            <source>Copy the fix to the clipboard</source>
            <translation>把修复代码复制到剪贴板</translation>
        </message>
        <message>
            <source>Copy the whole script to the clipboard</source>
            <translation>把整个脚本复制到剪贴板</translation>
        </message>
        <message>
            <source>Copy x, f and its derivatives at these points as CSV</source>
            <translation>把这些点处的 x、f 及其导数复制为 CSV</translation>
        </message>
        <message>
            <source>Cursor x</source>
            <translation>光标处的 x</translation>
        </message>
        <message>
            <source>Data type of the quotients</source>
            <translation>差商的数据类型</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Delete slide</source>
            <translation>删除幻灯片</translation>
        </message>
        <message>
            <source>Delete this slide</source>
            <translation>删除这张幻灯片</translation>
        </message>
        <message>
            <source>Derivative &amp;order</source>
            <translation>导数阶数(&amp;O)</translation>
        </message>
        <message>
            <source>Derivative order</source>
            <translation>导数阶数</translation>
        </message>
        <message>
            <source>Difference quotients as h goes to 0</source>
            <translation>h 趋于 0 时的差商</translation>
        </message>
        <message>
            <source>Edit</source>
            <translation>编辑</translation>
        </message>
        <message>
            <source>Edit &amp;function</source>
            <translation>编辑函数(&amp;F)</translation>
        </message>
        <message>
            <source>Edit function</source>
            <translation>编辑函数</translation>
        </message>
        <message>
            <source>Edit slide</source>
            <translation>编辑幻灯片</translation>
        </message>
        <message>
            <source>Edit slide texts</source>
            <translation>编辑幻灯片文字</translation>
        </message>
        <message>
            <source>Edit the title, notes and what to notice</source>
            <translation>编辑标题、讲解和注意事项</translation>
        </message>
        <message>
            <source>Edit…</source>
            <translation>编辑…</translation>
        </message>
        <message>
            <source>Engine &amp;memory cap…</source>
            <translation>引擎内存上限(&amp;M)…</translation>
        </message>
        <message>
            <source>Engine memory cap</source>
            <translation>引擎内存上限</translation>
        </message>
        <message>
            <source>Engine restarted</source>
            <translation>引擎已重新启动</translation>
        </message>
        <message>
            <source>Error</source>
            <translation>错误</translation>
        </message>
        <message>
            <source>Error: %1</source>
            <translation>错误：%1</translation>
        </message>
        <message>
            <source>Evaluating…</source>
            <translation>正在计算…</translation>
        </message>
        <message>
            <source>Expected f′:</source>
            <translation>预期的 f′：</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>导出</translation>
        </message>
        <message>
            <source>Export CSV</source>
            <translation>导出 CSV</translation>
        </message>
        <message>
            <source>Export PNG</source>
            <translation>导出 PNG</translation>
        </message>
        <message>
            <source>Export SVG</source>
            <translation>导出 SVG</translation>
        </message>
        <message>
            <source>Export plot</source>
            <translation>导出图像</translation>
        </message>
        <message>
            <source>Export...</source>
            <translation>导出...</translation>
        </message>
        <message>
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <source>Fit the curves</source>
            <translation>缩放以适应曲线</translation>
        </message>
        <message>
            <source>Fit the view to the curves</source>
            <translation>缩放视图以显示曲线</translation>
        </message>
        <message>
            <source>Fix the syntax error in f to see the PyTorch script.</source>
            <translation>修正 f 中的语法错误后即可看到 PyTorch 脚本。</translation>
        </message>
        <message>
            <source>Float</source>
            <translation>浮动</translation>
        </message>
        <message>
            <source>Focus the &amp;plot</source>
            <translation>聚焦到图像(&amp;P)</translation>
        </message>
        <message>
            <source>Focus the plot</source>
            <translation>聚焦到图像</translation>
        </message>
        <message>
            <source>Forward pass done: each node shows its value at x = %1. Step ▶ runs backward() one node at a time, in the order autograd runs them.</source>
            <translation>前向传播已完成：每个节点显示它在 x = %1 处的值。“单步 ▶”按 autograd 的执行顺序逐个节点运行 backward()。</translation>
        </message>
        <message>
            <source>Function source</source>
            <translation>函数源代码</translation>
        </message>
        <message>
            <source>Gaps</source>
            <translation>缺口</translation>
        </message>
        <message>
            <source>Help</source>
            <translation>帮助</translation>
        </message>
        <message>
            <source>Honour detach()</source>
            <translation>遵循 detach()</translation>
        </message>
        <message>
            <source>How much memory a function may take before it is stopped</source>
            <translation>一个函数在被停止之前最多可以占用多少内存</translation>
        </message>
        <message>
            <source>It sends %1 to %2.</source>
            <translation>它把 %1 传给 %2。</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>语言</translation>
        </message>
        <message>
            <source>Leave a dot (a, f′(a)) wherever a goes: the dots draw f′</source>
            <translation>a 移到哪里就留下一个点 (a, f′(a))：这些点画出了 f′</translation>
        </message>
        <message>
            <source>Lesson</source>
            <translation>课程</translation>
        </message>
        <message>
            <source>Lesson title:</source>
            <translation>课程标题：</translation>
        </message>
        <message>
            <source>Lessons</source>
            <translation>课程</translation>
        </message>
        <message>
            <source>Lessons: the autograd notebook as slides, and your own decks (F9)</source>
            <translation>课程：把自动微分笔记本做成幻灯片，也可以做你自己的课程 (F9)</translation>
        </message>
        <message>
            <source>Loading PyTorch…</source>
            <translation>正在加载 PyTorch…</translation>
        </message>
        <message>
            <source>Loop</source>
            <translation>循环</translation>
        </message>
        <message>
            <source>Memory a function may use, in MB above the engine's own size (0: no cap).
Past it the function is stopped and explained.</source>
            <translation>一个函数最多可以使用的内存，单位 MB，在引擎自身大小之上计算（0：不设上限）。
超过它，函数会被停止，并说明原因。</translation>
        </message>
        <message>
            <source>Move slide &amp;down</source>
            <translation>下移幻灯片(&amp;D)</translation>
        </message>
        <message>
            <source>Move slide &amp;up</source>
            <translation>上移幻灯片(&amp;U)</translation>
        </message>
        <message>
            <source>Move slide down</source>
            <translation>下移幻灯片</translation>
        </message>
        <message>
            <source>Move slide up</source>
            <translation>上移幻灯片</translation>
        </message>
        <message>
            <source>Move the slide down</source>
            <translation>把幻灯片下移</translation>
        </message>
        <message>
            <source>Move the slide up</source>
            <translation>把幻灯片上移</translation>
        </message>
        <message>
            <source>My lesson</source>
            <translation>我的课程</translation>
        </message>
        <message>
            <source>New &amp;lesson</source>
            <translation>新建课程(&amp;L)</translation>
        </message>
        <message>
            <source>New lesson</source>
            <translation>新建课程</translation>
        </message>
        <message>
            <source>Next slide</source>
            <translation>下一张幻灯片</translation>
        </message>
        <message>
            <source>Next slide (PageDown, Right, Space)</source>
            <translation>下一张幻灯片（PageDown、右方向键、空格）</translation>
        </message>
        <message>
            <source>Next ▶</source>
            <translation>下一张 ▶</translation>
        </message>
        <message>
            <source>No PyTorch script for this function:</source>
            <translation>无法为这个函数生成 PyTorch 脚本：</translation>
        </message>
        <message>
            <source>No autograd graph at this x: f is not connected to x by tensor operations.</source>
            <translation>在这个 x 处没有 autograd 计算图：f 没有通过张量运算与 x 相连。</translation>
        </message>
        <message>
            <source>No autograd graph: f is not connected to x by tensor operations, or the last evaluation failed.</source>
            <translation>没有 autograd 计算图：f 没有通过张量运算与 x 相连，或者上一次计算失败了。</translation>
        </message>
        <message>
            <source>No lesson open</source>
            <translation>没有打开的课程</translation>
        </message>
        <message>
            <source>No values: %1</source>
            <translation>没有数值：%1</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>提示</translation>
        </message>
        <message>
            <source>Notes</source>
            <translation>讲解</translation>
        </message>
        <message>
            <source>Nothing to export</source>
            <translation>没有可导出的内容</translation>
        </message>
        <message>
            <source>Nothing was changed: the file stays as it is, and your current work is still here.</source>
            <translation>什么都没有改变：文件保持原样，你当前的工作也还在。</translation>
        </message>
        <message>
            <source>Number of points</source>
            <translation>采样点数</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>打开</translation>
        </message>
        <message>
            <source>Open &amp;Recent</source>
            <translation>最近打开(&amp;R)</translation>
        </message>
        <message>
            <source>Open Recent</source>
            <translation>最近打开</translation>
        </message>
        <message>
            <source>Open this view to see the backward pass step by step.</source>
            <translation>打开此视图即可逐步查看反向传播。</translation>
        </message>
        <message>
            <source>PNG image</source>
            <translation>PNG 图像</translation>
        </message>
        <message>
            <source>PNG image (2×)</source>
            <translation>PNG 图像（2×）</translation>
        </message>
        <message>
            <source>PNG image (2×)…</source>
            <translation>PNG 图像（2×）…</translation>
        </message>
        <message>
            <source>Parameter %1</source>
            <translation>参数 %1</translation>
        </message>
        <message>
            <source>Parameters</source>
            <translation>参数</translation>
        </message>
        <message>
            <source>Pass %1 did not start.</source>
            <translation>第 %1 遍没有开始。</translation>
        </message>
        <message>
            <source>Pick a lesson above, or build your own: set up a plot, then “+ Slide”.</source>
            <translation>在上方选择一节课程，或者自己制作：先设置好图像，然后点“+ 幻灯片”。</translation>
        </message>
        <message>
            <source>Play %1</source>
            <translation>播放 %1</translation>
        </message>
        <message>
            <source>Play %1: move its slider by itself (loop or bounce)</source>
            <translation>播放 %1：让它的滑块自动移动（循环或往返）</translation>
        </message>
        <message>
            <source>Play h → 0</source>
            <translation>播放 h → 0</translation>
        </message>
        <message>
            <source>Plot of f and its derivatives</source>
            <translation>f 及其导数的图像</translation>
        </message>
        <message>
            <source>Points left out</source>
            <translation>略去的点</translation>
        </message>
        <message>
            <source>Points to evaluate at</source>
            <translation>要计算的点</translation>
        </message>
        <message>
            <source>Points to evaluate f at, separated by commas (Enter to apply)</source>
            <translation>要计算 f 的点，用逗号分隔（按回车应用）</translation>
        </message>
        <message>
            <source>Previous slide</source>
            <translation>上一张幻灯片</translation>
        </message>
        <message>
            <source>Previous slide (PageUp, Left)</source>
            <translation>上一张幻灯片（PageUp、左方向键）</translation>
        </message>
        <message>
            <source>Printed</source>
            <translation>打印输出</translation>
        </message>
        <message>
            <source>Pro&amp;jector mode</source>
            <translation>投影模式(&amp;J)</translation>
        </message>
        <message>
            <source>Projector mode</source>
            <translation>投影模式</translation>
        </message>
        <message>
            <source>Projector mode (F11): full screen, large fonts, thick curves, high contrast</source>
            <translation>投影模式（F11）：全屏、大字体、粗曲线、高对比度</translation>
        </message>
        <message>
            <source>PyTorch loaded in %1 s</source>
            <translation>PyTorch 已加载，用时 %1 秒</translation>
        </message>
        <message>
            <source>PyTorch script</source>
            <translation>PyTorch 脚本</translation>
        </message>
        <message>
            <source>PyTorch stops here: %1.</source>
            <translation>PyTorch 在这里停止：%1。</translation>
        </message>
        <message>
            <source>PyTorch's own message</source>
            <translation>PyTorch 的原始消息</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>退出</translation>
        </message>
        <message>
            <source>Re&amp;name lesson…</source>
            <translation>重命名课程(&amp;N)…</translation>
        </message>
        <message>
            <source>Read the explanation, then try the fix it suggests.</source>
            <translation>阅读解释，然后试试它建议的修复方法。</translation>
        </message>
        <message>
            <source>Redo</source>
            <translation>重做</translation>
        </message>
        <message>
            <source>Reduce &amp;motion</source>
            <translation>减少动画(&amp;M)</translation>
        </message>
        <message>
            <source>Reduce motion</source>
            <translation>减少动画</translation>
        </message>
        <message>
            <source>Reduce motion: no automatic playback of sliders or the secant</source>
            <translation>减少动画：滑块和割线都不自动播放</translation>
        </message>
        <message>
            <source>Reduced motion is on (View ▸ Reduce motion): no automatic playback</source>
            <translation>已开启减少动画（视图 ▸ 减少动画）：不自动播放</translation>
        </message>
        <message>
            <source>Reference not drawn: {why}</source>
            <translation>未绘制参考曲线：{why}</translation>
        </message>
        <message>
            <source>Rename lesson</source>
            <translation>重命名课程</translation>
        </message>
        <message>
            <source>Replace the function with this Python (Ctrl+Z brings back what you typed)</source>
            <translation>用这段 Python 代码替换函数（Ctrl+Z 可以恢复你输入的内容）</translation>
        </message>
        <message>
            <source>Reset</source>
            <translation>重置</translation>
        </message>
        <message>
            <source>Reset slide</source>
            <translation>重置幻灯片</translation>
        </message>
        <message>
            <source>Reset x range</source>
            <translation>重置 x 范围</translation>
        </message>
        <message>
            <source>Restore unsaved work?</source>
            <translation>恢复未保存的工作？</translation>
        </message>
        <message>
            <source>Retain graph</source>
            <translation>保留计算图</translation>
        </message>
        <message>
            <source>Retain graph is off: PyTorch has freed the saved tensors, so another backward() through this graph fails.</source>
            <translation>“保留计算图”已关闭：PyTorch 已释放保存的张量，因此再次对这个图调用 backward() 会失败。</translation>
        </message>
        <message>
            <source>Run the next node of backward(), in autograd's order (Right arrow)</source>
            <translation>按 autograd 的顺序运行 backward() 的下一个节点（右方向键）</translation>
        </message>
        <message>
            <source>SVG drawing</source>
            <translation>SVG 矢量图</translation>
        </message>
        <message>
            <source>SVG drawing…</source>
            <translation>SVG 矢量图…</translation>
        </message>
        <message>
            <source>Sampling</source>
            <translation>采样</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Save &amp;As…</source>
            <translation>另存为(&amp;A)…</translation>
        </message>
        <message>
            <source>Save As</source>
            <translation>另存为</translation>
        </message>
        <message>
            <source>Save as</source>
            <translation>另存为</translation>
        </message>
        <message>
            <source>Save them before going on?</source>
            <translation>继续之前要保存吗？</translation>
        </message>
        <message>
            <source>Saved {name}</source>
            <translation>已保存 {name}</translation>
        </message>
        <message>
            <source>Scroll Left</source>
            <translation>向左滚动</translation>
        </message>
        <message>
            <source>Scroll Right</source>
            <translation>向右滚动</translation>
        </message>
        <message>
            <source>Secant to tangent</source>
            <translation>割线到切线</translation>
        </message>
        <message>
            <source>Secant to tangent: the limit that defines f′ (Ctrl+Shift+D)</source>
            <translation>割线到切线：定义 f′ 的极限（Ctrl+Shift+D）</translation>
        </message>
        <message>
            <source>Secant to tangent: the limit that defines f′ (Ctrl+Shift+S)</source>
            <translation type="vanished">割线到切线：定义 f′ 的极限（Ctrl+Shift+S）</translation>
        </message>
        <message>
            <source>Show as &amp;PyTorch</source>
            <translation>显示为 PyTorch 代码(&amp;P)</translation>
        </message>
        <message>
            <source>Show as PyTorch</source>
            <translation>显示为 PyTorch 代码</translation>
        </message>
        <message>
            <source>Show f as a plain PyTorch script (Ctrl+Shift+P)</source>
            <translation>把 f 显示为普通的 PyTorch 脚本（Ctrl+Shift+P）</translation>
        </message>
        <message>
            <source>Show the autograd graph of f (Ctrl+Shift+G)</source>
            <translation>显示 f 的 autograd 计算图（Ctrl+Shift+G）</translation>
        </message>
        <message>
            <source>Show the lesson panel</source>
            <translation type="vanished">显示课程面板</translation>
        </message>
        <message>
            <source>Shrink h step by step (a logarithmic sweep) to the tangent</source>
            <translation>逐步缩小 h（按对数扫描），直到变成切线</translation>
        </message>
        <message>
            <source>Slide {n}</source>
            <translation>幻灯片 {n}</translation>
        </message>
        <message>
            <source>Slope trace</source>
            <translation>斜率轨迹</translation>
        </message>
        <message>
            <source>Speed</source>
            <translation>速度</translation>
        </message>
        <message>
            <source>Start an empty lesson of your own</source>
            <translation>新建一节属于你自己的空白课程</translation>
        </message>
        <message>
            <source>Step</source>
            <translation>步长</translation>
        </message>
        <message>
            <source>Step ▶</source>
            <translation>单步 ▶</translation>
        </message>
        <message>
            <source>Store the current function and switches in this slide</source>
            <translation>把当前函数和开关保存到这张幻灯片</translation>
        </message>
        <message>
            <source>Strict backward</source>
            <translation>严格 backward</translation>
        </message>
        <message>
            <source>System</source>
            <translation>跟随系统</translation>
        </message>
        <message>
            <source>Tangent line at the cursor</source>
            <translation>光标处的切线</translation>
        </message>
        <message>
            <source>Tangent line at the cursor (T on the plot, Ctrl+T)</source>
            <translation>光标处的切线（在图像上按 T，或 Ctrl+T）</translation>
        </message>
        <message>
            <source>The autograd graph of f: grad_fn nodes from x (the leaf) to the output. backward() walks it from the output back to x. Ctrl+wheel or +/- zooms.</source>
            <translation>f 的 autograd 计算图：从 x（叶子）到输出的 grad_fn 节点。backward() 从输出沿它走回 x。Ctrl+滚轮或 +/- 缩放。</translation>
        </message>
        <message>
            <source>The curves are outside the view: Fit (Home)</source>
            <translation>曲线在视图之外：适应曲线 (Home)</translation>
        </message>
        <message>
            <source>The dashed node is a detach(): its value is used, but it has no grad_fn, so no gradient flows back through it.</source>
            <translation>虚线节点是一次 detach()：它的值被使用了，但它没有 grad_fn，所以没有梯度沿它流回。</translation>
        </message>
        <message>
            <source>The dtype the quotients are computed in</source>
            <translation>计算差商所用的数据类型</translation>
        </message>
        <message>
            <source>The file</source>
            <translation>该文件</translation>
        </message>
        <message>
            <source>The file was not opened</source>
            <translation>文件未能打开</translation>
        </message>
        <message>
            <source>The file was not saved</source>
            <translation>文件未能保存</translation>
        </message>
        <message>
            <source>The graph create_graph built for %1 (backward gives %2)</source>
            <translation>create_graph 为 %1 构建的计算图（反向传播得到 %2）</translation>
        </message>
        <message>
            <source>The highest value of the slider for %1</source>
            <translation>%1 的滑块最大值</translation>
        </message>
        <message>
            <source>The lesson has changes that are not saved.</source>
            <translation>课程有尚未保存的修改。</translation>
        </message>
        <message>
            <source>The lowest value of the slider for %1</source>
            <translation>%1 的滑块最小值</translation>
        </message>
        <message>
            <source>The plot image is on the clipboard</source>
            <translation>图像已复制到剪贴板</translation>
        </message>
        <message>
            <source>The plot was not exported</source>
            <translation>图像未能导出</translation>
        </message>
        <message>
            <source>The plot's f′ there: %1.</source>
            <translation>图中该处的 f′：%1。</translation>
        </message>
        <message>
            <source>The point a where the secant starts (or drag it on the plot)</source>
            <translation>割线的起点 a（也可以在图上拖动）</translation>
        </message>
        <message>
            <source>The same computation in plain PyTorch, ready for a notebook:</source>
            <translation>用普通 PyTorch 写出的同一个计算，可直接放进 notebook：</translation>
        </message>
        <message>
            <source>The secant cannot be drawn: %1</source>
            <translation>无法画出割线：%1</translation>
        </message>
        <message>
            <source>The step h: the secant goes through a and a + h</source>
            <translation>步长 h：割线经过 a 和 a + h</translation>
        </message>
        <message>
            <source>The x at which backward() is shown step by step. Type a number and press Enter, click the plot, or take the cursor's x.</source>
            <translation>逐步演示 backward() 所用的 x。输入数字并按回车，或点击图像，或取光标处的 x。</translation>
        </message>
        <message>
            <source>There is no plot yet.</source>
            <translation>还没有图像。</translation>
        </message>
        <message>
            <source>This error is the lesson.</source>
            <translation>这个错误就是本课的内容。</translation>
        </message>
        <message>
            <source>Trace at the x of the plot's cursor</source>
            <translation>在图中光标所在的 x 处追踪</translation>
        </message>
        <message>
            <source>Undo</source>
            <translation>撤销</translation>
        </message>
        <message>
            <source>Undo one step of backward() (Left arrow)</source>
            <translation>撤销 backward() 的一步（左方向键）</translation>
        </message>
        <message>
            <source>Undo your changes: show this slide as it was made</source>
            <translation>撤销你的修改：按原样显示这张幻灯片</translation>
        </message>
        <message>
            <source>Undocks and re-attaches the dock widget</source>
            <translation>分离或重新停靠窗口</translation>
        </message>
        <message>
            <source>Unsaved changes</source>
            <translation>未保存的修改</translation>
        </message>
        <message>
            <source>Unsaved work could not be recovered</source>
            <translation>未保存的工作无法恢复</translation>
        </message>
        <message>
            <source>Untitled lesson</source>
            <translation>未命名课程</translation>
        </message>
        <message>
            <source>Update</source>
            <translation>更新</translation>
        </message>
        <message>
            <source>Update slide from current state</source>
            <translation>用当前状态更新幻灯片</translation>
        </message>
        <message>
            <source>Use %1</source>
            <translation>使用 %1</translation>
        </message>
        <message>
            <source>Value of the free name &lt;b&gt;%1&lt;/b&gt; (a plain number, not a tensor that requires grad). Drag to re-plot.</source>
            <translation>自由名称 &lt;b&gt;%1&lt;/b&gt; 的值（普通数字，不是需要梯度的张量）。拖动即可重新绘图。</translation>
        </message>
        <message>
            <source>Values</source>
            <translation>数值表</translation>
        </message>
        <message>
            <source>Values at the cursor</source>
            <translation>光标处的值</translation>
        </message>
        <message>
            <source>Values of f and its derivatives</source>
            <translation>f 及其导数的值</translation>
        </message>
        <message>
            <source>Values of f and its derivatives at chosen points</source>
            <translation type="vanished">f 及其导数在所选点处的值</translation>
        </message>
        <message>
            <source>Values of f and its derivatives at chosen points (Ctrl+Shift+L)</source>
            <translation>f 及其导数在所选点处的值（Ctrl+Shift+L）</translation>
        </message>
        <message>
            <source>Vector input</source>
            <translation>向量输入</translation>
        </message>
        <message>
            <source>View</source>
            <translation>视图</translation>
        </message>
        <message>
            <source>What to &amp;notice</source>
            <translation>注意观察(&amp;N)</translation>
        </message>
        <message>
            <source>What to notice</source>
            <translation>注意观察</translation>
        </message>
        <message>
            <source>Which graph to step</source>
            <translation>要单步执行的计算图</translation>
        </message>
        <message>
            <source>Zero grad between passes</source>
            <translation>每次反向传播之间清零梯度</translation>
        </message>
        <message>
            <source>Zero grad is off, so this pass added f′(x) to x.grad again: gradients accumulate.</source>
            <translation>“两遍之间梯度清零”已关闭，所以这一遍又把 f′(x) 加到了 x.grad 上：梯度会累积。</translation>
        </message>
        <message>
            <source>at most %1 points: type fewer numbers</source>
            <translation>最多 %1 个点：请少输入一些数</translation>
        </message>
        <message>
            <source>auto</source>
            <translation>自动</translation>
        </message>
        <message>
            <source>backward %1 %2 ms</source>
            <translation>反向传播 %1：%2 毫秒</translation>
        </message>
        <message>
            <source>before backward()</source>
            <translation>backward() 之前</translation>
        </message>
        <message>
            <source>compile %1 ms</source>
            <translation type="vanished">编译 %1 毫秒</translation>
        </message>
        <message>
            <source>cut: no gradient flows back through this branch</source>
            <translation>已切断：梯度不会沿这条分支流回</translation>
        </message>
        <message>
            <source>dashed: cut by detach()</source>
            <translation>虚线：被 detach() 切断</translation>
        </message>
        <message>
            <source>detach() cut every path from x to the output.</source>
            <translation>detach() 切断了从 x 到输出的所有路径。</translation>
        </message>
        <message>
            <source>detach() is switched off: the branch stays in the graph</source>
            <translation>detach() 已关闭：该分支保留在计算图中</translation>
        </message>
        <message>
            <source>detach() off</source>
            <translation>detach() 已关闭</translation>
        </message>
        <message>
            <source>e.g. cos(x) — drawn dashed</source>
            <translation>例如 cos(x) — 以虚线绘制</translation>
        </message>
        <message>
            <source>error vs f′(a)</source>
            <translation>与 f′(a) 的误差</translation>
        </message>
        <message>
            <source>f = %1   (f is one number for the whole x grid)</source>
            <translation>f = %1   （f 在整个 x 网格上只是一个数）</translation>
        </message>
        <message>
            <source>f = %1  (one number for the whole x grid)</source>
            <translation type="vanished">f = %1  （整个 x 网格只有一个数）</translation>
        </message>
        <message>
            <source>f could not be traced at x = %1: %2</source>
            <translation>无法在 x = %1 处追踪 f：%2</translation>
        </message>
        <message>
            <source>f's graph (backward gives f′)</source>
            <translation>f 的计算图（反向传播得到 f′）</translation>
        </message>
        <message>
            <source>f's graph, or the graph create_graph built for a higher derivative (derivative order 2 or more)</source>
            <translation>f 的计算图，或 create_graph 为更高阶导数构建的计算图（导数阶数为 2 或更高）</translation>
        </message>
        <message>
            <source>float32</source>
            <translation>float32（单精度）</translation>
        </message>
        <message>
            <source>float64</source>
            <translation>float64（双精度）</translation>
        </message>
        <message>
            <source>for %1: %2 nodes</source>
            <translation>求 %1：%2 个节点</translation>
        </message>
        <message>
            <source>forward %1 ms</source>
            <translation>前向 %1 毫秒</translation>
        </message>
        <message>
            <source>f′ and f″</source>
            <translation>f′ 和 f″</translation>
        </message>
        <message>
            <source>f′ is not drawn: %1</source>
            <translation>未画出 f′：%1</translation>
        </message>
        <message>
            <source>f′, f″ and f‴</source>
            <translation>f′、f″ 和 f‴</translation>
        </message>
        <message>
            <source>grad in: %1</source>
            <translation>流入梯度：%1</translation>
        </message>
        <message>
            <source>gradplot did not close properly last time, and its autosave could not be read: {error}</source>
            <translation>gradplot 上次没有正常关闭，而且无法读取它的自动保存：{error}</translation>
        </message>
        <message>
            <source>gradplot did not close properly last time. Restore the work autosaved at {when}{origin}?</source>
            <translation>gradplot 上次没有正常关闭。要恢复 {when}{origin} 自动保存的工作吗？</translation>
        </message>
        <message>
            <source>gradplot files (*{suffix});;All files (*)</source>
            <translation>gradplot 文件 (*{suffix});;所有文件 (*)</translation>
        </message>
        <message>
            <source>graph %1 nodes</source>
            <translation>计算图 %1 个节点</translation>
        </message>
        <message>
            <source>it has no grad_fn: backward() stops here</source>
            <translation>它没有 grad_fn：backward() 在这里停止</translation>
        </message>
        <message>
            <source>leaf: x.grad collects here</source>
            <translation>叶子：x.grad 在这里累积</translation>
        </message>
        <message>
            <source>lesson</source>
            <translation>课程</translation>
        </message>
        <message>
            <source>line %1</source>
            <translation>第 %1 行</translation>
        </message>
        <message>
            <source>line %1, column %2</source>
            <translation>第 %1 行，第 %2 列</translation>
        </message>
        <message>
            <source>max |f′ − reference| = {value}</source>
            <translation>max |f′ − 参考| = {value}</translation>
        </message>
        <message>
            <source>no slide</source>
            <translation>没有幻灯片</translation>
        </message>
        <message>
            <source>no values</source>
            <translation>没有数值</translation>
        </message>
        <message>
            <source>order %1 %2 ms</source>
            <translation>%1 阶：%2 毫秒</translation>
        </message>
        <message>
            <source>output</source>
            <translation>输出</translation>
        </message>
        <message>
            <source>pass %1 · step %2 of %3</source>
            <translation>第 %1 遍 · 第 %2/%3 步</translation>
        </message>
        <message>
            <source>points</source>
            <translation>点数</translation>
        </message>
        <message>
            <source>reference {expression}</source>
            <translation>参考 {expression}</translation>
        </message>
        <message>
            <source>secant slope %1  ·  autograd f′(a) = %2</source>
            <translation>割线斜率 %1  ·  自动微分 f′(a) = %2</translation>
        </message>
        <message>
            <source>showing the first %1 of %2</source>
            <translation>显示 %2 个中的前 %1 个</translation>
        </message>
        <message>
            <source>sin(x)   or   def f(x): ...</source>
            <translation>sin(x)   或   def f(x): ...</translation>
        </message>
        <message>
            <source>the points f was evaluated at</source>
            <translation>计算 f 所用的点</translation>
        </message>
        <message>
            <source>to</source>
            <translation>到</translation>
        </message>
        <message>
            <source>trace %1 ms</source>
            <translation>追踪 %1 毫秒</translation>
        </message>
        <message>
            <source>value: %1</source>
            <translation>值：%1</translation>
        </message>
        <message>
            <source>x for the backward pass</source>
            <translation>反向传播所用的 x</translation>
        </message>
        <message>
            <source>x from</source>
            <translation>x 从</translation>
        </message>
        <message>
            <source>x is sampled at the values {values} only (change the range to sample a grid again).</source>
            <translation>x 只在 {values} 这些值上采样（修改范围即可重新按网格采样）。</translation>
        </message>
        <message>
            <source>x is the whole vector of %1 samples.</source>
            <translation>x 是包含 %1 个样本的整个向量。</translation>
        </message>
        <message>
            <source>x max</source>
            <translation>x 最大值</translation>
        </message>
        <message>
            <source>x min</source>
            <translation>x 最小值</translation>
        </message>
        <message>
            <source>x.grad after pass %1: %2</source>
            <translation>第 %1 遍后的 x.grad：%2</translation>
        </message>
        <message>
            <source>x.grad is now %1, that is %2 × %3(%4).</source>
            <translation>x.grad 现在是 %1，也就是 %2 × %3(%4)。</translation>
        </message>
        <message>
            <source>x.grad is now %1, that is %2(%3).</source>
            <translation>x.grad 现在是 %1，也就是 %2(%3)。</translation>
        </message>
        <message>
            <source>{current} / {total}</source>
            <translation>{current} / {total}</translation>
        </message>
        <message>
            <source>{name} already exists and this version of gradplot cannot read it, so it was not replaced. Choose another name to save your work.</source>
            <translation>{name} 已存在，而此版本的 gradplot 无法读取它，所以没有覆盖它。请换一个名称来保存你的工作。</translation>
        </message>
        <message>
            <source>{name} could not be read.</source>
            <translation>无法读取 {name}。</translation>
        </message>
        <message>
            <source>{name} could not be saved. The file on disk, if any, is unchanged.</source>
            <translation>无法保存 {name}。磁盘上原有的文件（如果有）没有改变。</translation>
        </message>
        <message>
            <source>{name} holds something gradplot does not accept, so it was not opened.</source>
            <translation>{name} 中有 gradplot 不接受的内容，所以没有打开它。</translation>
        </message>
        <message>
            <source>{name} is a folder, a named pipe or a device, not a file.</source>
            <translation>{name} 是文件夹、命名管道或设备，不是文件。</translation>
        </message>
        <message>
            <source>{name} is damaged, so it was not opened.</source>
            <translation>{name} 已损坏，所以没有打开它。</translation>
        </message>
        <message>
            <source>{name} is not a gradplot file.</source>
            <translation>{name} 不是 gradplot 文件。</translation>
        </message>
        <message>
            <source>{name} is read-only, so it was not replaced. Use Save As to save your work under another name, or make the file writable first.</source>
            <translation>{name} 是只读文件，所以没有覆盖它。请用“另存为”把你的工作保存为另一个名称，或者先把该文件改为可写。</translation>
        </message>
        <message>
            <source>{name} is too large to be a gradplot file.</source>
            <translation>{name} 太大，不可能是 gradplot 文件。</translation>
        </message>
        <message>
            <source>{name} was made by a newer version of gradplot. Update gradplot to open it.</source>
            <translation>{name} 由更新版本的 gradplot 创建。请升级 gradplot 后再打开它。</translation>
        </message>
        <message>
            <source>∂f/∂xᵢ (f is one number)</source>
            <translation>∂f/∂xᵢ（f 是一个数）</translation>
        </message>
        <message>
            <source>◀ Back</source>
            <translation>◀ 上一张</translation>
        </message>
        <message>
            <source>◀ Step back</source>
            <translation>◀ 后退一步</translation>
        </message>
    </context>
</TS>
