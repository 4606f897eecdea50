<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>gradplot</name>
        <message>
            <source>%1 %2 ms</source>
            <translation>%1 %2 毫秒</translation>
        </message>
        <message>
            <source>%1 (scalar)%2</source>
            <translation>%1（标量）%2</translation>
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
            <translation>（标量）</translation>
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
            <translation>间断</translation>
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
            <translation>被略去的点</translation>
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
            <translation>编译 %1 毫秒</translation>
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
            <source>f = %1  (one number for the whole x grid)</source>
            <translation>f = %1  （整个 x 网格只有一个数）</translation>
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
