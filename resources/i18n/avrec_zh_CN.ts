<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddFolder</name>
    <message>
        <source>Music</source>
        <translation>音乐</translation>
    </message>
    <message>
        <source>Videos</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>Music and videos</source>
        <translation>音乐和视频</translation>
    </message>
    <message>
        <source>Add a folder</source>
        <translation>添加文件夹</translation>
    </message>
    <message>
        <source>Looking at the files…</source>
        <translation>正在查看文件…</translation>
    </message>
    <message>
        <source>What the folder holds</source>
        <translation>文件夹的内容</translation>
    </message>
    <message>
        <source>This folder holds:</source>
        <translation>此文件夹包含：</translation>
    </message>
    <message>
        <source>Add folder</source>
        <translation>添加文件夹</translation>
    </message>
    <message>
        <source>No music or video files found yet.</source>
        <translation>尚未找到音乐或视频文件。</translation>
    </message>
    <message>
        <source>1 music file</source>
        <translation>1 个音乐文件</translation>
    </message>
    <message>
        <source>{n} music files</source>
        <translation>{n} 个音乐文件</translation>
    </message>
    <message>
        <source>1 video</source>
        <translation>1 个视频</translation>
    </message>
    <message>
        <source>{n} videos</source>
        <translation>{n} 个视频</translation>
    </message>
    <message>
        <source>{music} and {videos}</source>
        <translation>{music}和 {videos}</translation>
    </message>
    <message>
        <source>Found {what}.</source>
        <translation>找到 {what}。</translation>
    </message>
    <message>
        <source>Found {what} so far.</source>
        <translation>目前已找到 {what}。</translation>
    </message>
</context>
<context>
    <name>Adventure</name>
    <message>
        <source>How far Up next strays from what is playing.
Familiar: close to what&apos;s playing. Middle: as usual, with your taste.
Adventurous: more of what you have not played and less like the playing item.
Arrow keys or Page Up/Down move it; Up next follows a moment later.</source>
        <translation>“接下来”与正在播放的内容相差多远。
熟悉：接近正在播放的内容。中间：照常，按你的口味。
冒险：更多你没听过的，更少像正在播放的。
用方向键或 Page Up/Down 调节；“接下来”稍后随之更新。</translation>
    </message>
    <message>
        <source>Familiar ⟷ Adventurous</source>
        <translation>熟悉 ⟷ 冒险</translation>
    </message>
    <message>
        <source>Familiar to adventurous</source>
        <translation>从熟悉到冒险</translation>
    </message>
    <message>
        <source>{value} of 1. {tip}</source>
        <translation>{value}（满值 1）。{tip}</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>The library cannot be opened:

{error}</source>
        <translation>无法打开资料库：

{error}</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <source>{what}: {error}</source>
        <translation>{what}：{error}</translation>
    </message>
    <message>
        <source>could not record the play</source>
        <translation>无法记录播放</translation>
    </message>
    <message>
        <source>could not read the library</source>
        <translation>无法读取资料库</translation>
    </message>
    <message>
        <source>could not read the playing item</source>
        <translation>无法读取正在播放的项目</translation>
    </message>
    <message>
        <source>could not read the folders: {error}</source>
        <translation>无法读取文件夹：{error}</translation>
    </message>
    <message>
        <source>could not read the history</source>
        <translation>无法读取播放历史</translation>
    </message>
    <message>
        <source>model-free descriptor</source>
        <translation>无模型描述符</translation>
    </message>
    <message>
        <source>could not read the settings</source>
        <translation>无法读取设置</translation>
    </message>
    <message>
        <source>could not save the settings</source>
        <translation>无法保存设置</translation>
    </message>
    <message>
        <source>could not add the folder</source>
        <translation>无法添加文件夹</translation>
    </message>
    <message>
        <source>could not remove the folder</source>
        <translation>无法移除文件夹</translation>
    </message>
    <message>
        <source>rescan failed</source>
        <translation>重新扫描失败</translation>
    </message>
    <message>
        <source>could not start analysing</source>
        <translation>无法开始分析</translation>
    </message>
    <message>
        <source>search failed</source>
        <translation>搜索失败</translation>
    </message>
    <message>
        <source>could not prepare suggestions</source>
        <translation>无法准备推荐</translation>
    </message>
    <message>
        <source>no similar items</source>
        <translation>没有相似的项目</translation>
    </message>
    <message>
        <source>could not build For you</source>
        <translation>无法生成“为你推荐”</translation>
    </message>
    <message>
        <source>no explanation</source>
        <translation>没有解释</translation>
    </message>
    <message>
        <source>cannot play</source>
        <translation>无法播放</translation>
    </message>
    <message>
        <source>cannot queue</source>
        <translation>无法加入队列</translation>
    </message>
    <message>
        <source>could not suggest what comes next</source>
        <translation>无法推荐接下来播放的内容</translation>
    </message>
    <message>
        <source>could not import the model</source>
        <translation>无法导入模型</translation>
    </message>
    <message>
        <source>download stopped: {error}</source>
        <translation>下载已停止：{error}</translation>
    </message>
    <message>
        <source>could not forget</source>
        <translation>无法清除</translation>
    </message>
</context>
<context>
    <name>Covers</name>
    <message>
        <source>Cover art</source>
        <translation>封面</translation>
    </message>
</context>
<context>
    <name>Feedback</name>
    <message>
        <source>♥ Liked “{t}”: more like it in Up next and For you</source>
        <translation>♥ 已喜欢“{t}”：接下来和为你推荐中会有更多类似内容</translation>
    </message>
    <message>
        <source>✕ Disliked “{t}”: it will not be suggested</source>
        <translation>✕ 已不喜欢“{t}”：不会再推荐它</translation>
    </message>
    <message>
        <source>Less like “{t}” after what is playing</source>
        <translation>当前播放之后少推荐类似“{t}”的内容</translation>
    </message>
    <message>
        <source>could not read your likes</source>
        <translation>无法读取你的喜好</translation>
    </message>
    <message>
        <source>feedback</source>
        <translation>反馈</translation>
    </message>
    <message>
        <source>Rescanning your folders…</source>
        <translation>正在重新扫描你的文件夹…</translation>
    </message>
    <message>
        <source>{n} new</source>
        <translation>{n} 个新增</translation>
    </message>
    <message>
        <source>{n} changed</source>
        <translation>{n} 个已更改</translation>
    </message>
    <message>
        <source>{n} missing</source>
        <translation>{n} 个缺失</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>nothing changed</source>
        <translation>没有变化</translation>
    </message>
    <message>
        <source>Rescan done: {changes}</source>
        <translation>重新扫描完成：{changes}</translation>
    </message>
</context>
<context>
    <name>ForYou</name>
    <message>
        <source>Nothing here yet: play a few things and come back.</source>
        <translation>这里还没有内容：先播放一些，再回来看看。</translation>
    </message>
</context>
<context>
    <name>Formats</name>
    <message>
        <source>{value} %</source>
        <translation>{value}%</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} 小时 {m} 分钟</translation>
    </message>
    <message>
        <source>{h} h</source>
        <translation>{h} 小时</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 天</translation>
    </message>
    <message>
        <source>{n} days</source>
        <translation>{n} 天</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <source>1 minute ago</source>
        <translation>1 分钟前</translation>
    </message>
    <message>
        <source>{n} minutes ago</source>
        <translation>{n} 分钟前</translation>
    </message>
    <message>
        <source>1 hour ago</source>
        <translation>1 小时前</translation>
    </message>
    <message>
        <source>{n} hours ago</source>
        <translation>{n} 小时前</translation>
    </message>
    <message>
        <source>1 day ago</source>
        <translation>1 天前</translation>
    </message>
    <message>
        <source>{n} days ago</source>
        <translation>{n} 天前</translation>
    </message>
    <message>
        <source>{n} months ago</source>
        <translation>{n} 个月前</translation>
    </message>
    <message>
        <source>{n} years ago</source>
        <translation>{n} 年前</translation>
    </message>
</context>
<context>
    <name>FullScreenControls</name>
    <message>
        <source>Video controls</source>
        <translation>视频控制</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Seek</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Exit full screen</source>
        <translation>退出全屏</translation>
    </message>
    <message>
        <source>Leave full screen</source>
        <translation>退出全屏</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
</context>
<context>
    <name>History</name>
    <message>
        <source>Everything</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已听完</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Liked</source>
        <translation>已喜欢</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>任何时间</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>1 entry</source>
        <translation>1 条记录</translation>
    </message>
    <message>
        <source>{n} entries</source>
        <translation>{n} 条记录</translation>
    </message>
    <message>
        <source>newest {shown} of {total} entries</source>
        <translation>{total} 条记录中最新的 {shown} 条</translation>
    </message>
    <message>
        <source>liked</source>
        <translation>喜欢</translation>
    </message>
    <message>
        <source>disliked</source>
        <translation>不喜欢</translation>
    </message>
    <message>
        <source>less like this</source>
        <translation>少推荐类似的</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已听完</translation>
    </message>
    <message>
        <source>skipped at {time}</source>
        <translation>在 {time} 跳过</translation>
    </message>
    <message>
        <source>went back</source>
        <translation>返回上一首</translation>
    </message>
    <message>
        <source>stopped at {time}</source>
        <translation>在 {time} 停止</translation>
    </message>
    <message>
        <source>app closed</source>
        <translation>应用已关闭</translation>
    </message>
    <message>
        <source>could not play</source>
        <translation>无法播放</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>发生了什么</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>When:</source>
        <translation>时间：</translation>
    </message>
    <message>
        <source>could not read the history</source>
        <translation>无法读取历史记录</translation>
    </message>
</context>
<context>
    <name>HistoryImport</name>
    <message>
        <source>Listening history ({patterns})</source>
        <translation>收听历史 ({patterns})</translation>
    </message>
    <message>
        <source>All files ({patterns})</source>
        <translation>所有文件 ({patterns})</translation>
    </message>
    <message>
        <source>Import listening history</source>
        <translation>导入收听历史</translation>
    </message>
    <message>
        <source>Importing listening history from 1 file…</source>
        <translation>正在从 1 个文件导入收听历史…</translation>
    </message>
    <message>
        <source>Importing listening history from {n} files…</source>
        <translation>正在从 {n} 个文件导入收听历史…</translation>
    </message>
    <message>
        <source>Could not import the listening history: {error}</source>
        <translation>无法导入收听历史：{error}</translation>
    </message>
</context>
<context>
    <name>ItemMenu</name>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Play similar</source>
        <translation>播放相似内容</translation>
    </message>
    <message>
        <source>Show similar</source>
        <translation>显示相似内容</translation>
    </message>
    <message>
        <source>Queue next</source>
        <translation>下一首播放</translation>
    </message>
    <message>
        <source>Like</source>
        <translation>喜欢</translation>
    </message>
    <message>
        <source>Dislike</source>
        <translation>不喜欢</translation>
    </message>
    <message>
        <source>Less like this</source>
        <translation>少推荐类似内容</translation>
    </message>
    <message>
        <source>Why this?</source>
        <translation>为什么推荐这个？</translation>
    </message>
    <message>
        <source>Reveal in file manager</source>
        <translation>在文件管理器中显示</translation>
    </message>
    <message>
        <source>Open with the system&apos;s player</source>
        <translation>用系统播放器打开</translation>
    </message>
</context>
<context>
    <name>Library</name>
    <message>
        <source>Search titles, artists, moods…  (Ctrl+F)</source>
        <translation>搜索标题、艺术家、情绪…  (Ctrl+F)</translation>
    </message>
    <message>
        <source>{column} (no video has one)</source>
        <translation>{column}（没有视频包含此项）</translation>
    </message>
    <message>
        <source>1 match for “{text}”</source>
        <translation>“{text}”有 1 个匹配</translation>
    </message>
    <message>
        <source>{n} matches for “{text}”</source>
        <translation>“{text}”有 {n} 个匹配</translation>
    </message>
    <message>
        <source>{matches}, {n} by meaning</source>
        <translation>{matches}，{n} 个按含义匹配</translation>
    </message>
    <message>
        <source>This file</source>
        <translation>此文件</translation>
    </message>
    <message>
        <source>“{title}” isn&apos;t offered for playback. {reason}</source>
        <translation>“{title}”不可播放。{reason}</translation>
    </message>
    <message>
        <source>No music matches this search.</source>
        <translation>没有与此搜索匹配的音乐。</translation>
    </message>
    <message>
        <source>No music yet. Add a folder that holds music with Library ▸ Add a folder… (Ctrl+O) or on the Folders page; it appears here once it is scanned.</source>
        <translation>还没有音乐。可通过“资料库 ▸ 添加文件夹…”（Ctrl+O）或在“文件夹”页面添加存放音乐的文件夹，扫描后音乐会显示在这里。</translation>
    </message>
</context>
<context>
    <name>LibraryReads</name>
    <message>
        <source>could not read the library</source>
        <translation>无法读取资料库</translation>
    </message>
</context>
<context>
    <name>LibraryTable</name>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Artist</source>
        <translation>艺术家</translation>
    </message>
    <message>
        <source>Album</source>
        <translation>专辑</translation>
    </message>
    <message>
        <source>Genre</source>
        <translation>流派</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Plays</source>
        <translation>播放次数</translation>
    </message>
    <message>
        <source>Last played</source>
        <translation>上次播放</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>couldn&apos;t analyse</source>
        <translation>无法分析</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>by meaning</source>
        <translation>按含义</translation>
    </message>
    <message>
        <source>today {time}</source>
        <translation>今天 {time}</translation>
    </message>
    <message>
        <source>yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>{n} days ago</source>
        <translation>{n} 天前</translation>
    </message>
    <message>
        <source>Couldn&apos;t analyse this file: {error}</source>
        <translation>无法分析此文件：{error}</translation>
    </message>
    <message>
        <source>no reason was recorded</source>
        <translation>未记录原因</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Music</source>
        <translation>音乐</translation>
    </message>
    <message>
        <source>Videos</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>For you</source>
        <translation>为你推荐</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <source>Playlists</source>
        <translation>播放列表</translation>
    </message>
    <message>
        <source>Folders</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <source>visual</source>
        <translation>画面</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文字</translation>
    </message>
    <message>
        <source>Sections</source>
        <translation>分区</translation>
    </message>
    <message>
        <source>Now playing</source>
        <translation>正在播放</translation>
    </message>
    <message>
        <source>Up next</source>
        <translation>接下来</translation>
    </message>
    <message>
        <source>Similar</source>
        <translation>相似内容</translation>
    </message>
    <message>
        <source>Preparing fast {space} search: {n} %</source>
        <translation>正在准备快速{space}搜索：{n}%</translation>
    </message>
    <message>
        <source>Fast {space} search ready</source>
        <translation>快速{space}搜索已就绪</translation>
    </message>
    <message>
        <source>&amp;Library</source>
        <translation>资料库(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Add a folder…</source>
        <translation>添加文件夹(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Rescan folders</source>
        <translation>重新扫描文件夹(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Import listening history…</source>
        <translation>导入收听历史(&amp;I)…</translation>
    </message>
    <message>
        <source>Save Up next as &amp;playlist…</source>
        <translation>将接下来保存为播放列表(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Adding {folder} as music; analysing in the background</source>
        <translation>正在将 {folder} 添加为音乐；在后台分析</translation>
    </message>
    <message>
        <source>Adding {folder} as videos; analysing in the background</source>
        <translation>正在将 {folder} 添加为视频；在后台分析</translation>
    </message>
    <message>
        <source>Adding {folder} as music and videos; analysing in the background</source>
        <translation>正在将 {folder} 添加为音乐和视频；在后台分析</translation>
    </message>
</context>
<context>
    <name>MapCanvas</name>
    <message>
        <source>Library map</source>
        <translation>资料库地图</translation>
    </message>
    <message>
        <source>The map appears once items are analysed</source>
        <translation>项目分析完成后即显示地图</translation>
    </message>
    <message>
        <source>Drawing the map…</source>
        <translation>正在绘制地图…</translation>
    </message>
</context>
<context>
    <name>MapPage</name>
    <message>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>no auto-tag yet</source>
        <translation>尚无自动标签</translation>
    </message>
    <message>
        <source>Colour by</source>
        <translation>着色依据</translation>
    </message>
    <message>
        <source>Colour by:</source>
        <translation>着色依据：</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <source>Drawing the library map…</source>
        <translation>正在绘制资料库地图…</translation>
    </message>
    <message>
        <source>could not draw the library map</source>
        <translation>无法绘制资料库地图</translation>
    </message>
    <message>
        <source>1 track</source>
        <translation>1 首曲目</translation>
    </message>
    <message>
        <source>{n} tracks</source>
        <translation>{n} 首曲目</translation>
    </message>
    <message>
        <source>{tracks}, {videos}</source>
        <translation>{tracks}，{videos}</translation>
    </message>
    <message>
        <source>1 video</source>
        <translation>1 个视频</translation>
    </message>
    <message>
        <source>{n} videos</source>
        <translation>{n} 个视频</translation>
    </message>
    <message>
        <source>Library map: 1 item</source>
        <translation>资料库地图：1 项</translation>
    </message>
    <message>
        <source>Library map: {n} items</source>
        <translation>资料库地图：{n} 项</translation>
    </message>
    <message>
        <source>Nothing to queue: the lasso holds only what is playing</source>
        <translation>没有可加入队列的项目：套索中只有正在播放的项目</translation>
    </message>
    <message>
        <source>Queued {n} items from the map (the first {limit} of {total})</source>
        <translation>已从地图将 {n} 项加入队列（{total} 项中的前 {limit} 项）</translation>
    </message>
    <message>
        <source>Queued 1 item from the map</source>
        <translation>已从地图将 1 项加入队列</translation>
    </message>
    <message>
        <source>Queued {n} items from the map</source>
        <translation>已从地图将 {n} 项加入队列</translation>
    </message>
    <message>
        <source>cannot queue</source>
        <translation>无法加入队列</translation>
    </message>
    <message>
        <source>(untitled)</source>
        <translation>（无标题）</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <source>Welcome to avrec</source>
        <translation>欢迎使用 avrec</translation>
    </message>
    <message>
        <source>Add the folders that hold your music and videos. Everything is analysed on this computer, in the background; nothing leaves it.
Then right-click anything and choose “Play similar”, and let Up next learn what you like.</source>
        <translation>添加存放音乐和视频的文件夹。所有内容都在这台电脑上于后台分析，不会上传任何数据。
然后右键点击任意项目并选择“播放相似内容”，让“接下来”学习你的喜好。</translation>
    </message>
    <message>
        <source>Add a folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Add a folder</source>
        <translation>添加文件夹</translation>
    </message>
    <message>
        <source>music</source>
        <translation>音乐</translation>
    </message>
    <message>
        <source>video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>mixed</source>
        <translation>混合</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>项目数</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>File that could not be analysed</source>
        <translation>无法分析的文件</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Remove folder</source>
        <translation>移除文件夹</translation>
    </message>
    <message>
        <source>Rescan</source>
        <translation>重新扫描</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>失败项</translation>
    </message>
    <message>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
</context>
<context>
    <name>PlayQueue</name>
    <message>
        <source>No audio device: playing silently (check the sound settings)</source>
        <translation>没有音频设备：正在静音播放（请检查声音设置）</translation>
    </message>
    <message>
        <source>could not mark the file missing</source>
        <translation>无法将文件标记为缺失</translation>
    </message>
    <message>
        <source>“{title}” is no longer on disk: skipped, marked missing</source>
        <translation>“{title}”已不在磁盘上：已跳过，并标记为缺失</translation>
    </message>
    <message>
        <source>“{title}” cannot be played here ({reason}): skipped</source>
        <translation>“{title}”无法在此播放（{reason}）：已跳过</translation>
    </message>
    <message>
        <source>“{title}” could not be played ({reason}): skipped, marked failed</source>
        <translation>“{title}”无法播放（{reason}）：已跳过，并标记为失败</translation>
    </message>
    <message>
        <source>could not mark the file</source>
        <translation>无法标记该文件</translation>
    </message>
    <message>
        <source>could not keep the player state</source>
        <translation>无法保存播放器状态</translation>
    </message>
</context>
<context>
    <name>Player</name>
    <message>
        <source>damaged, or not a format this player reads</source>
        <translation>文件已损坏，或不是本播放器可读取的格式</translation>
    </message>
    <message>
        <source>playback failed</source>
        <translation>播放失败</translation>
    </message>
</context>
<context>
    <name>PlayerBar</name>
    <message>
        <source>Repeat: one</source>
        <translation>重复：单曲</translation>
    </message>
    <message>
        <source>Repeat: all</source>
        <translation>重复：全部</translation>
    </message>
    <message>
        <source>Repeat: off</source>
        <translation>重复：关闭</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一首</translation>
    </message>
    <message>
        <source>Play/pause</source>
        <translation>播放/暂停</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一首</translation>
    </message>
    <message>
        <source>Nothing playing</source>
        <translation>未在播放</translation>
    </message>
    <message>
        <source>Seek</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Click to jump, drag to seek (Left/Right: 10 s)</source>
        <translation>点击跳转，拖动定位（←/→：10 秒）</translation>
    </message>
    <message>
        <source>Shuffle</source>
        <translation>随机播放</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>静音</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>音量</translation>
    </message>
    <message>
        <source>Shuffle on</source>
        <translation>随机播放：开</translation>
    </message>
    <message>
        <source>Shuffle off</source>
        <translation>随机播放：关</translation>
    </message>
</context>
<context>
    <name>PlaylistActions</name>
    <message>
        <source>Playlist name:</source>
        <translation>播放列表名称：</translation>
    </message>
    <message>
        <source>1 track</source>
        <translation>1 首曲目</translation>
    </message>
    <message>
        <source>{n} tracks</source>
        <translation>{n} 首曲目</translation>
    </message>
    <message>
        <source>Up next is empty: play something first</source>
        <translation>“接下来”是空的：请先播放点什么</translation>
    </message>
    <message>
        <source>Save Up next as playlist</source>
        <translation>将“接下来”保存为播放列表</translation>
    </message>
    <message>
        <source>Saved playlist &apos;{name}&apos; ({tracks})</source>
        <translation>已保存播放列表“{name}”（{tracks}）</translation>
    </message>
    <message>
        <source>could not save the playlist</source>
        <translation>无法保存播放列表</translation>
    </message>
    <message>
        <source>New playlist</source>
        <translation>新建播放列表</translation>
    </message>
    <message>
        <source>Added to &apos;{name}&apos; ({tracks})</source>
        <translation>已添加到“{name}”（{tracks}）</translation>
    </message>
    <message>
        <source>could not add to the playlist</source>
        <translation>无法添加到播放列表</translation>
    </message>
    <message>
        <source>Add to playlist</source>
        <translation>添加到播放列表</translation>
    </message>
    <message>
        <source>New playlist…</source>
        <translation>新建播放列表…</translation>
    </message>
    <message>
        <source>could not read the playlists</source>
        <translation>无法读取播放列表</translation>
    </message>
    <message>
        <source>Nothing in &apos;{name}&apos; is in your library</source>
        <translation>“{name}”中没有任何条目在你的资料库中</translation>
    </message>
    <message>
        <source>Playing &apos;{name}&apos; ({tracks})</source>
        <translation>正在播放“{name}”（{tracks}）</translation>
    </message>
    <message>
        <source>Queued {tracks} from &apos;{name}&apos;</source>
        <translation>已将“{name}”中的 {tracks}加入队列</translation>
    </message>
    <message>
        <source>could not play the playlist</source>
        <translation>无法播放播放列表</translation>
    </message>
</context>
<context>
    <name>PlaylistsPage</name>
    <message>
        <source>M3U8 playlist ({patterns})</source>
        <translation>M3U8 播放列表 ({patterns})</translation>
    </message>
    <message>
        <source>XSPF playlist ({patterns})</source>
        <translation>XSPF 播放列表 ({patterns})</translation>
    </message>
    <message>
        <source>Playlists ({patterns})</source>
        <translation>播放列表 ({patterns})</translation>
    </message>
    <message>
        <source>All files ({patterns})</source>
        <translation>所有文件 ({patterns})</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>up-next</source>
        <translation>接下来</translation>
    </message>
    <message>
        <source>journey</source>
        <translation>旅程</translation>
    </message>
    <message>
        <source>station</source>
        <translation>电台</translation>
    </message>
    <message>
        <source>import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>文件缺失</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>{n} not in library</source>
        <translation>{n} 首不在资料库中</translation>
    </message>
    <message>
        <source>Playlists</source>
        <translation>播放列表</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Artist</source>
        <translation>艺术家</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>条目</translation>
    </message>
    <message>
        <source>No playlists yet: save Up next (Library menu), add items from their menu (Add to playlist) or import an M3U8/XSPF file.</source>
        <translation>还没有播放列表：保存“接下来”（资料库菜单）、从条目菜单添加（添加到播放列表），或导入 M3U8/XSPF 文件。</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Play the playlist (Enter)</source>
        <translation>播放此播放列表（Enter）</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>加入队列</translation>
    </message>
    <message>
        <source>Put its entries next in Up next</source>
        <translation>将其条目放到“接下来”的最前面</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Write it as an M3U8 or XSPF file</source>
        <translation>另存为 M3U8 或 XSPF 文件</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Read an M3U8, M3U or XSPF file</source>
        <translation>读取 M3U8、M3U 或 XSPF 文件</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Rename the playlist (F2)</source>
        <translation>重命名播放列表（F2）</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the playlist (Del)</source>
        <translation>删除播放列表（Del）</translation>
    </message>
    <message>
        <source>could not read the playlists</source>
        <translation>无法读取播放列表</translation>
    </message>
    <message>
        <source>{name}  ({n})</source>
        <translation>{name}（{n}）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>could not read the playlist</source>
        <translation>无法读取播放列表</translation>
    </message>
    <message>
        <source>not in library</source>
        <translation>不在资料库中</translation>
    </message>
    <message>
        <source>“{title}” is not in your library</source>
        <translation>“{title}”不在你的资料库中</translation>
    </message>
    <message>
        <source>“{title}” cannot play ({status})</source>
        <translation>“{title}”无法播放（{status}）</translation>
    </message>
    <message>
        <source>Export “{name}”</source>
        <translation>导出“{name}”</translation>
    </message>
    <message>
        <source>could not export the playlist</source>
        <translation>无法导出播放列表</translation>
    </message>
    <message>
        <source>Import a playlist</source>
        <translation>导入播放列表</translation>
    </message>
    <message>
        <source>could not import the playlist</source>
        <translation>无法导入播放列表</translation>
    </message>
    <message>
        <source>Rename “{name}”</source>
        <translation>重命名“{name}”</translation>
    </message>
    <message>
        <source>Renamed &apos;{old}&apos; to &apos;{new}&apos;</source>
        <translation>已将“{old}”重命名为“{new}”</translation>
    </message>
    <message>
        <source>could not rename the playlist</source>
        <translation>无法重命名播放列表</translation>
    </message>
    <message>
        <source>Delete playlist</source>
        <translation>删除播放列表</translation>
    </message>
    <message>
        <source>Delete the playlist “{name}”? The files stay where they are.</source>
        <translation>删除播放列表“{name}”？文件本身保留不动。</translation>
    </message>
    <message>
        <source>Deleted playlist &apos;{name}&apos;</source>
        <translation>已删除播放列表“{name}”</translation>
    </message>
    <message>
        <source>could not delete the playlist</source>
        <translation>无法删除播放列表</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>&quot;{title}&quot;</source>
        <translation>“{title}”</translation>
    </message>
    <message>
        <source>{first}, {rest}</source>
        <translation>{first}、{rest}</translation>
    </message>
    <message>
        <source>{first} and {rest}</source>
        <translation>{first}和{rest}</translation>
    </message>
    <message>
        <source>once</source>
        <translation>一次</translation>
    </message>
    <message>
        <source>twice</source>
        <translation>两次</translation>
    </message>
    <message>
        <source>{n} times</source>
        <translation>{n} 次</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <source>1 minute ago</source>
        <translation>1 分钟前</translation>
    </message>
    <message>
        <source>{n} minutes ago</source>
        <translation>{n} 分钟前</translation>
    </message>
    <message>
        <source>1 hour ago</source>
        <translation>1 小时前</translation>
    </message>
    <message>
        <source>{n} hours ago</source>
        <translation>{n} 小时前</translation>
    </message>
    <message>
        <source>1 day ago</source>
        <translation>1 天前</translation>
    </message>
    <message>
        <source>{n} days ago</source>
        <translation>{n} 天前</translation>
    </message>
    <message>
        <source>{n} months ago</source>
        <translation>{n} 个月前</translation>
    </message>
    <message>
        <source>{n} years ago</source>
        <translation>{n} 年前</translation>
    </message>
    <message>
        <source>1 track</source>
        <translation>1 首曲目</translation>
    </message>
    <message>
        <source>{n} tracks</source>
        <translation>{n} 首曲目</translation>
    </message>
    <message>
        <source>1 video</source>
        <translation>1 个视频</translation>
    </message>
    <message>
        <source>{n} videos</source>
        <translation>{n} 个视频</translation>
    </message>
    <message>
        <source>finished {times}</source>
        <translation>完整播放过{times}</translation>
    </message>
    <message>
        <source>liked and finished {times}</source>
        <translation>喜欢并完整播放过{times}</translation>
    </message>
    <message>
        <source>liked</source>
        <translation>喜欢过</translation>
    </message>
    <message>
        <source>played past half</source>
        <translation>播放过一半以上</translation>
    </message>
    <message>
        <source>{n} you finished</source>
        <translation>完整播放过 {n} 个</translation>
    </message>
    <message>
        <source>{n} you liked</source>
        <translation>喜欢过 {n} 个</translation>
    </message>
    <message>
        <source>{n} you played past half</source>
        <translation>播放过半的 {n} 个</translation>
    </message>
    <message>
        <source>timbre</source>
        <translation>音色</translation>
    </message>
    <message>
        <source>brightness</source>
        <translation>明亮度</translation>
    </message>
    <message>
        <source>harmony</source>
        <translation>和声</translation>
    </message>
    <message>
        <source>rhythm</source>
        <translation>节奏</translation>
    </message>
    <message>
        <source>dynamics</source>
        <translation>力度</translation>
    </message>
    <message>
        <source>style</source>
        <translation>风格</translation>
    </message>
    <message>
        <source>{name}</source>
        <translation>{name}</translation>
    </message>
    <message>
        <source>sounds like &quot;{title}&quot;</source>
        <translation>听起来像“{title}”</translation>
    </message>
    <message>
        <source>looks like &quot;{title}&quot;</source>
        <translation>看起来像“{title}”</translation>
    </message>
    <message>
        <source>tagged like &quot;{title}&quot;</source>
        <translation>标签与“{title}”相似</translation>
    </message>
    <message>
        <source>{seed} ({facet})</source>
        <translation>{seed}（{facet}）</translation>
    </message>
    <message>
        <source>you liked this</source>
        <translation>你喜欢过它</translation>
    </message>
    <message>
        <source>you finished this {times}</source>
        <translation>你完整播放过它{times}</translation>
    </message>
    <message>
        <source>you skipped this {times}</source>
        <translation>你跳过它{times}</translation>
    </message>
    <message>
        <source>you disliked this: it is never suggested</source>
        <translation>你不喜欢它：不会再推荐</translation>
    </message>
    <message>
        <source>you skipped {count} close to this</source>
        <translation>与它相近的 {count}你都跳过了</translation>
    </message>
    <message>
        <source>close to &quot;{title}&quot;, which you skipped</source>
        <translation>与你跳过的“{title}”相近</translation>
    </message>
    <message>
        <source>like &quot;{title}&quot;, which you {said}</source>
        <translation>像“{title}”（你{said}）</translation>
    </message>
    <message>
        <source>close to {count} of yours: {claims}</source>
        <translation>与你的 {count}相近：{claims}</translation>
    </message>
    <message>
        <source>exploring: new to you</source>
        <translation>探索：你还没接触过的</translation>
    </message>
    <message>
        <source>you were playing this before going back</source>
        <translation>返回前你正在播放这首</translation>
    </message>
    <message>
        <source>played this session (repeat all)</source>
        <translation>本次已播放（全部循环）</translation>
    </message>
    <message>
        <source>new in your library (added {ago})</source>
        <translation>资料库新增（{ago}添加）</translation>
    </message>
    <message>
        <source>{what}, last {ago}</source>
        <translation>{what}，上次是{ago}</translation>
    </message>
    <message>
        <source>you liked and finished this {times}</source>
        <translation>你喜欢并完整播放过它{times}</translation>
    </message>
    <message>
        <source>you played past half this</source>
        <translation>你播放过它的一半以上</translation>
    </message>
    <message>
        <source>you played this</source>
        <translation>你播放过它</translation>
    </message>
    <message>
        <source>because you played &quot;{title}&quot;</source>
        <translation>因为你播放过“{title}”</translation>
    </message>
    <message>
        <source>because of &quot;{title}&quot;, which you {said}</source>
        <translation>因为“{title}”（你{said}）</translation>
    </message>
    <message>
        <source>both {tags}</source>
        <translation>都是{tags}</translation>
    </message>
    <message>
        <source>{tag}, as are {count} of yours: {claims}</source>
        <translation>{tag}，你的 {count}也是：{claims}</translation>
    </message>
    <message>
        <source>played {ago}</source>
        <translation>{ago}播放过</translation>
    </message>
    <message>
        <source>skipped {ago}</source>
        <translation>{ago}跳过</translation>
    </message>
    <message>
        <source>same artist as what you just heard</source>
        <translation>与刚听的是同一艺人</translation>
    </message>
    <message>
        <source>close to what&apos;s playing</source>
        <translation>贴近正在播放的</translation>
    </message>
    <message>
        <source>from your taste</source>
        <translation>来自你的口味</translation>
    </message>
    <message>
        <source>something new (adventurous)</source>
        <translation>新鲜的（冒险）</translation>
    </message>
    <message>
        <source>station &quot;{words}&quot;</source>
        <translation>电台“{words}”</translation>
    </message>
    <message>
        <source>station like {seeds}</source>
        <translation>类似{seeds}的电台</translation>
    </message>
    <message>
        <source>{station}: tagged {tags}</source>
        <translation>{station}：标签为{tags}</translation>
    </message>
    <message>
        <source>{station}: looks like it ({score})</source>
        <translation>{station}：画面相符（{score}）</translation>
    </message>
    <message>
        <source>{station}: sounds like it ({score})</source>
        <translation>{station}：听起来像（{score}）</translation>
    </message>
    <message>
        <source>{station}: its words read like it ({score})</source>
        <translation>{station}：文字相符（{score}）</translation>
    </message>
    <message>
        <source>{station}: close to &quot;{title}&quot;</source>
        <translation>{station}：接近“{title}”</translation>
    </message>
    <message>
        <source>{station}: close to both</source>
        <translation>{station}：与两者都接近</translation>
    </message>
    <message>
        <source>{station}: close to all three</source>
        <translation>{station}：与三者都接近</translation>
    </message>
    <message>
        <source>{station}: close to all {n}</source>
        <translation>{station}：与全部 {n} 个都接近</translation>
    </message>
    <message>
        <source>step {step}/{steps}</source>
        <translation>第 {step}/{steps} 步</translation>
    </message>
    <message>
        <source>{step}: the start, &quot;{title}&quot;</source>
        <translation>{step}：起点“{title}”</translation>
    </message>
    <message>
        <source>{step}: the destination, &quot;{title}&quot;</source>
        <translation>{step}：终点“{title}”</translation>
    </message>
    <message>
        <source>{step}: sounds more like &quot;{end}&quot; now ({to_end} vs {to_start} like &quot;{start}&quot;)</source>
        <translation>{step}：现在听起来更像“{end}”（{to_end}，而像“{start}”为 {to_start}）</translation>
    </message>
    <message>
        <source>{step}: looks more like &quot;{end}&quot; now ({to_end} vs {to_start} like &quot;{start}&quot;)</source>
        <translation>{step}：现在看起来更像“{end}”（{to_end}，而像“{start}”为 {to_start}）</translation>
    </message>
    <message>
        <source>{step}: reads more like &quot;{end}&quot; now ({to_end} vs {to_start} like &quot;{start}&quot;)</source>
        <translation>{step}：现在文字上更像“{end}”（{to_end}，而像“{start}”为 {to_start}）</translation>
    </message>
    <message>
        <source>{step}: is more like &quot;{end}&quot; now ({to_end} vs {to_start} like &quot;{start}&quot;)</source>
        <translation>{step}：现在更像“{end}”（{to_end}，而像“{start}”为 {to_start}）</translation>
    </message>
    <message>
        <source>{step}: still sounds more like &quot;{start}&quot; ({to_start} vs {to_end} like &quot;{end}&quot;)</source>
        <translation>{step}：听起来仍更像“{start}”（{to_start}，而像“{end}”为 {to_end}）</translation>
    </message>
    <message>
        <source>{step}: still looks more like &quot;{start}&quot; ({to_start} vs {to_end} like &quot;{end}&quot;)</source>
        <translation>{step}：看起来仍更像“{start}”（{to_start}，而像“{end}”为 {to_end}）</translation>
    </message>
    <message>
        <source>{step}: still reads more like &quot;{start}&quot; ({to_start} vs {to_end} like &quot;{end}&quot;)</source>
        <translation>{step}：文字上仍更像“{start}”（{to_start}，而像“{end}”为 {to_end}）</translation>
    </message>
    <message>
        <source>{step}: still is more like &quot;{start}&quot; ({to_start} vs {to_end} like &quot;{end}&quot;)</source>
        <translation>{step}：仍更像“{start}”（{to_start}，而像“{end}”为 {to_end}）</translation>
    </message>
    <message>
        <source>sounds like &apos;{query}&apos;</source>
        <translation>听起来像“{query}”</translation>
    </message>
    <message>
        <source>Because you finished &quot;{title}&quot;</source>
        <translation>因为你完整播放过“{title}”</translation>
    </message>
    <message>
        <source>Because you liked &quot;{title}&quot;</source>
        <translation>因为你喜欢“{title}”</translation>
    </message>
    <message>
        <source>Because you played &quot;{title}&quot;</source>
        <translation>因为你播放过“{title}”</translation>
    </message>
    <message>
        <source>More {tag}</source>
        <translation>更多{tag}</translation>
    </message>
    <message>
        <source>Rediscover</source>
        <translation>重新发现</translation>
    </message>
    <message>
        <source>New in your library</source>
        <translation>资料库新增</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>in use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>available</source>
        <translation>可下载</translation>
    </message>
    <message>
        <source>broken</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Folders</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Performance</source>
        <translation>性能</translation>
    </message>
    <message>
        <source>Playback</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation>隐私</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>The language changes the next time avrec starts.</source>
        <translation>语言将在下次启动 avrec 时更改。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Import a weights file…</source>
        <translation>导入权重文件…</translation>
    </message>
    <message>
        <source>Download selected</source>
        <translation>下载所选</translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <source>Videos are described by a CLIP model when one is installed, otherwise by a model-free descriptor. Downloading is the only thing that uses the network, and only when you ask.</source>
        <translation>安装了 CLIP 模型时，视频由它来描述；否则使用无模型描述符。下载是唯一会用到网络的操作，而且只在你要求时进行。</translation>
    </message>
    <message>
        <source>automatic (all cores but one)</source>
        <translation>自动（保留一个核心，其余全用）</translation>
    </message>
    <message>
        <source>Use the GPU when there is one</source>
        <translation>有 GPU 时使用 GPU</translation>
    </message>
    <message>
        <source>Analysis threads</source>
        <translation>分析线程数</translation>
    </message>
    <message>
        <source>Takes effect the next time analysis starts.</source>
        <translation>下次开始分析时生效。</translation>
    </message>
    <message>
        <source> %</source>
        <translation>%</translation>
    </message>
    <message>
        <source>A skip counts against a track in its first</source>
        <translation>在曲目开头这段时间内跳过会计为不喜欢：</translation>
    </message>
    <message>
        <source>…and against a video in its first</source>
        <translation>…视频则为开头的：</translation>
    </message>
    <message>
        <source>Skips this soon after an automatic start don&apos;t count</source>
        <translation>自动开始播放后这么快跳过不计入：</translation>
    </message>
    <message>
        <source>Keep playing in the tray when the window is closed</source>
        <translation>关闭窗口后在托盘中继续播放</translation>
    </message>
    <message>
        <source>Nothing ever leaves this computer. You can still forget:</source>
        <translation>任何数据都不会离开这台电脑。你仍然可以清除：</translation>
    </message>
    <message>
        <source>Clear play history and reset taste</source>
        <translation>清除播放历史并重置口味</translation>
    </message>
    <message>
        <source>Reset taste only (keep history)</source>
        <translation>仅重置口味（保留历史）</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Forget your whole play history and what was learned?</source>
        <translation>清除全部播放历史以及学到的口味？</translation>
    </message>
    <message>
        <source>Forget what was learned?</source>
        <translation>清除学到的口味？</translation>
    </message>
    <message>
        <source>Forget</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>{size} MB</source>
        <translation>{size} MB</translation>
    </message>
    <message>
        <source>GPU allowed</source>
        <translation>允许 GPU</translation>
    </message>
    <message>
        <source>CPU only</source>
        <translation>仅 CPU</translation>
    </message>
    <message>
        <source>model-free descriptor</source>
        <translation>无模型描述符</translation>
    </message>
    <message>
        <source>Videos use: {visual} · {device}</source>
        <translation>视频使用：{visual} · {device}</translation>
    </message>
    <message>
        <source>Import CLIP weights</source>
        <translation>导入 CLIP 权重</translation>
    </message>
    <message>
        <source>Weights ({patterns})</source>
        <translation>权重文件 ({patterns})</translation>
    </message>
</context>
<context>
    <name>SimilarPanel</name>
    <message>
        <source>Right-click an item and choose “Show similar”.</source>
        <translation>右键点击一个项目，选择“显示相似内容”。</translation>
    </message>
    <message>
        <source>Similar items</source>
        <translation>相似内容</translation>
    </message>
    <message>
        <source>Like {title}</source>
        <translation>与 {title} 相似</translation>
    </message>
    <message>
        <source>{title} — {artist}</source>
        <translation>{title} — {artist}</translation>
    </message>
    <message>
        <source>Sounds like {tags}</source>
        <translation>听起来像：{tags}</translation>
    </message>
    <message>
        <source>What the learned music model hears: {tags}</source>
        <translation>音乐模型听到的：{tags}</translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <source>cannot open what was given</source>
        <translation>无法打开所给的内容</translation>
    </message>
    <message>
        <source>Playing “{title}”, 1 more queued</source>
        <translation>正在播放“{title}”，另有 1 项已加入队列</translation>
    </message>
    <message>
        <source>Playing “{title}”, {n} more queued</source>
        <translation>正在播放“{title}”，另有 {n} 项已加入队列</translation>
    </message>
    <message>
        <source>Playing “{title}”</source>
        <translation>正在播放“{title}”</translation>
    </message>
    <message>
        <source>Nothing from the command line is in the library yet</source>
        <translation>命令行给出的内容尚未在资料库中</translation>
    </message>
    <message>
        <source>Add a folder</source>
        <translation>添加文件夹</translation>
    </message>
    <message>
        <source>{folder}

is not in your library. Add it?</source>
        <translation>{folder}

不在你的资料库中。要添加吗？</translation>
    </message>
    <message>
        <source>Add as music</source>
        <translation>作为音乐添加</translation>
    </message>
    <message>
        <source>Add as videos</source>
        <translation>作为视频添加</translation>
    </message>
    <message>
        <source>Add (music and videos)</source>
        <translation>添加（音乐和视频）</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>暂不</translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message>
        <source>Analysis stopped: {error}</source>
        <translation>分析已停止：{error}</translation>
    </message>
    <message>
        <source>Analysis paused · {done} of {total}</source>
        <translation>分析已暂停 · {done}/{total}</translation>
    </message>
    <message>
        <source>Starting analysis · {n} waiting</source>
        <translation>正在开始分析 · {n} 个等待中</translation>
    </message>
    <message>
        <source>Starting analysis…</source>
        <translation>正在开始分析…</translation>
    </message>
    <message>
        <source>Analysing…</source>
        <translation>正在分析…</translation>
    </message>
    <message>
        <source>Analysis not running · {n} waiting</source>
        <translation>分析未运行 · {n} 个等待中</translation>
    </message>
    <message>
        <source>Library up to date</source>
        <translation>资料库已是最新</translation>
    </message>
    <message>
        <source>Analysing {done} of {total}</source>
        <translation>正在分析 {done}/{total}</translation>
    </message>
    <message>
        <source> · {n}/min</source>
        <translation> · {n} 个/分钟</translation>
    </message>
    <message>
        <source> · about {time} left</source>
        <translation> · 约剩 {time}</translation>
    </message>
    <message>
        <source>{n} could not be analysed</source>
        <translation>{n} 个无法分析</translation>
    </message>
    <message>
        <source>{n} can&apos;t be played</source>
        <translation>{n} 个无法播放</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Pause or resume analysing new files</source>
        <translation>暂停或继续分析新文件</translation>
    </message>
    <message>
        <source>Files that could not be analysed or played, with the reason</source>
        <translation>无法分析或播放的文件及其原因</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
</context>
<context>
    <name>Steering</name>
    <message>
        <source>no journey</source>
        <translation>无法生成旅程</translation>
    </message>
    <message>
        <source>no journey: nothing is playing</source>
        <translation>无法生成旅程：没有正在播放的内容</translation>
    </message>
    <message>
        <source>no station</source>
        <translation>无法开启电台</translation>
    </message>
    <message>
        <source>Station: {name}</source>
        <translation>电台：{name}</translation>
    </message>
    <message>
        <source>the station could not go on</source>
        <translation>电台无法继续</translation>
    </message>
    <message>
        <source>Journey: {start} → {end} (1 step)</source>
        <translation>旅程：{start} → {end}（1 步）</translation>
    </message>
    <message>
        <source>Journey: {start} → {end} ({n} steps)</source>
        <translation>旅程：{start} → {end}（{n} 步）</translation>
    </message>
    <message>
        <source>{what}: {error}</source>
        <translation>{what}：{error}</translation>
    </message>
    <message>
        <source>Journey to…</source>
        <translation>旅程到…</translation>
    </message>
    <message>
        <source>Journey here from the playing item</source>
        <translation>从正在播放的条目旅程到这里</translation>
    </message>
    <message>
        <source>Start a station from this</source>
        <translation>从此条目开启电台</translation>
    </message>
    <message>
        <source>Start a station from these {n}</source>
        <translation>从这 {n} 个条目开启电台</translation>
    </message>
    <message>
        <source>Station from words</source>
        <translation>用文字开启电台</translation>
    </message>
    <message>
        <source>What should it play? (e.g. calm piano)</source>
        <translation>想听什么？（例如：安静的钢琴）</translation>
    </message>
    <message>
        <source>Station from &amp;words…</source>
        <translation>用文字开启电台(&amp;W)…</translation>
    </message>
    <message>
        <source>S&amp;top station</source>
        <translation>停止电台(&amp;T)</translation>
    </message>
    <message>
        <source>Up next is steered by</source>
        <translation>“接下来”正由此引导</translation>
    </message>
    <message>
        <source>Back to the usual Up next</source>
        <translation>回到通常的“接下来”</translation>
    </message>
    <message>
        <source>Stop the journey or station</source>
        <translation>停止旅程或电台</translation>
    </message>
</context>
<context>
    <name>Tags</name>
    <message>
        <source>00s</source>
        <translation>00 年代</translation>
    </message>
    <message>
        <source>60s</source>
        <translation>60 年代</translation>
    </message>
    <message>
        <source>70s</source>
        <translation>70 年代</translation>
    </message>
    <message>
        <source>80s</source>
        <translation>80 年代</translation>
    </message>
    <message>
        <source>90s</source>
        <translation>90 年代</translation>
    </message>
    <message>
        <source>acoustic</source>
        <translation>原声</translation>
    </message>
    <message>
        <source>alternative</source>
        <translation>另类</translation>
    </message>
    <message>
        <source>alternative rock</source>
        <translation>另类摇滚</translation>
    </message>
    <message>
        <source>ambient</source>
        <translation>氛围</translation>
    </message>
    <message>
        <source>beat</source>
        <translation>节拍</translation>
    </message>
    <message>
        <source>beats</source>
        <translation>节拍</translation>
    </message>
    <message>
        <source>beautiful</source>
        <translation>优美</translation>
    </message>
    <message>
        <source>blues</source>
        <translation>布鲁斯</translation>
    </message>
    <message>
        <source>catchy</source>
        <translation>抓耳</translation>
    </message>
    <message>
        <source>cello</source>
        <translation>大提琴</translation>
    </message>
    <message>
        <source>chill</source>
        <translation>轻松</translation>
    </message>
    <message>
        <source>chillout</source>
        <translation>放松</translation>
    </message>
    <message>
        <source>choir</source>
        <translation>合唱团</translation>
    </message>
    <message>
        <source>choral</source>
        <translation>合唱</translation>
    </message>
    <message>
        <source>classic</source>
        <translation>经典</translation>
    </message>
    <message>
        <source>classic rock</source>
        <translation>经典摇滚</translation>
    </message>
    <message>
        <source>classical</source>
        <translation>古典</translation>
    </message>
    <message>
        <source>country</source>
        <translation>乡村</translation>
    </message>
    <message>
        <source>dance</source>
        <translation>舞曲</translation>
    </message>
    <message>
        <source>drums</source>
        <translation>鼓</translation>
    </message>
    <message>
        <source>easy listening</source>
        <translation>轻音乐</translation>
    </message>
    <message>
        <source>electro</source>
        <translation>电气</translation>
    </message>
    <message>
        <source>electronic</source>
        <translation>电子</translation>
    </message>
    <message>
        <source>electronica</source>
        <translation>电子乐</translation>
    </message>
    <message>
        <source>experimental</source>
        <translation>实验</translation>
    </message>
    <message>
        <source>fast</source>
        <translation>快速</translation>
    </message>
    <message>
        <source>female</source>
        <translation>女声</translation>
    </message>
    <message>
        <source>female vocal</source>
        <translation>女声</translation>
    </message>
    <message>
        <source>female vocalist</source>
        <translation>女歌手</translation>
    </message>
    <message>
        <source>female vocalists</source>
        <translation>女歌手</translation>
    </message>
    <message>
        <source>female voice</source>
        <translation>女声</translation>
    </message>
    <message>
        <source>flute</source>
        <translation>长笛</translation>
    </message>
    <message>
        <source>folk</source>
        <translation>民谣</translation>
    </message>
    <message>
        <source>funk</source>
        <translation>放克</translation>
    </message>
    <message>
        <source>guitar</source>
        <translation>吉他</translation>
    </message>
    <message>
        <source>happy</source>
        <translation>欢快</translation>
    </message>
    <message>
        <source>hard rock</source>
        <translation>硬摇滚</translation>
    </message>
    <message>
        <source>harp</source>
        <translation>竖琴</translation>
    </message>
    <message>
        <source>harpsichord</source>
        <translation>羽管键琴</translation>
    </message>
    <message>
        <source>heavy metal</source>
        <translation>重金属</translation>
    </message>
    <message>
        <source>hip-hop</source>
        <translation>嘻哈</translation>
    </message>
    <message>
        <source>house</source>
        <translation>浩室</translation>
    </message>
    <message>
        <source>indian</source>
        <translation>印度</translation>
    </message>
    <message>
        <source>indie</source>
        <translation>独立</translation>
    </message>
    <message>
        <source>indie pop</source>
        <translation>独立流行</translation>
    </message>
    <message>
        <source>indie rock</source>
        <translation>独立摇滚</translation>
    </message>
    <message>
        <source>instrumental</source>
        <translation>器乐</translation>
    </message>
    <message>
        <source>jazz</source>
        <translation>爵士</translation>
    </message>
    <message>
        <source>loud</source>
        <translation>响亮</translation>
    </message>
    <message>
        <source>male</source>
        <translation>男声</translation>
    </message>
    <message>
        <source>male vocal</source>
        <translation>男声</translation>
    </message>
    <message>
        <source>male vocalists</source>
        <translation>男歌手</translation>
    </message>
    <message>
        <source>male voice</source>
        <translation>男声</translation>
    </message>
    <message>
        <source>man</source>
        <translation>男声</translation>
    </message>
    <message>
        <source>mellow</source>
        <translation>柔和</translation>
    </message>
    <message>
        <source>metal</source>
        <translation>金属</translation>
    </message>
    <message>
        <source>new age</source>
        <translation>新世纪</translation>
    </message>
    <message>
        <source>oldies</source>
        <translation>老歌</translation>
    </message>
    <message>
        <source>opera</source>
        <translation>歌剧</translation>
    </message>
    <message>
        <source>party</source>
        <translation>派对</translation>
    </message>
    <message>
        <source>piano</source>
        <translation>钢琴</translation>
    </message>
    <message>
        <source>pop</source>
        <translation>流行</translation>
    </message>
    <message>
        <source>progressive rock</source>
        <translation>前卫摇滚</translation>
    </message>
    <message>
        <source>punk</source>
        <translation>朋克</translation>
    </message>
    <message>
        <source>quiet</source>
        <translation>安静</translation>
    </message>
    <message>
        <source>rnb</source>
        <translation>节奏布鲁斯</translation>
    </message>
    <message>
        <source>rock</source>
        <translation>摇滚</translation>
    </message>
    <message>
        <source>sad</source>
        <translation>伤感</translation>
    </message>
    <message>
        <source>sexy</source>
        <translation>性感</translation>
    </message>
    <message>
        <source>singing</source>
        <translation>演唱</translation>
    </message>
    <message>
        <source>sitar</source>
        <translation>西塔琴</translation>
    </message>
    <message>
        <source>slow</source>
        <translation>慢速</translation>
    </message>
    <message>
        <source>soft</source>
        <translation>轻柔</translation>
    </message>
    <message>
        <source>solo</source>
        <translation>独奏</translation>
    </message>
    <message>
        <source>soul</source>
        <translation>灵魂乐</translation>
    </message>
    <message>
        <source>strings</source>
        <translation>弦乐</translation>
    </message>
    <message>
        <source>synth</source>
        <translation>合成器</translation>
    </message>
    <message>
        <source>techno</source>
        <translation>科技舞曲</translation>
    </message>
    <message>
        <source>violin</source>
        <translation>小提琴</translation>
    </message>
    <message>
        <source>vocal</source>
        <translation>人声</translation>
    </message>
    <message>
        <source>vocals</source>
        <translation>人声</translation>
    </message>
    <message>
        <source>voice</source>
        <translation>人声</translation>
    </message>
    <message>
        <source>weird</source>
        <translation>怪异</translation>
    </message>
    <message>
        <source>woman</source>
        <translation>女声</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一首</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一首</translation>
    </message>
    <message>
        <source>Hide window</source>
        <translation>隐藏窗口</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Show window</source>
        <translation>显示窗口</translation>
    </message>
    <message>
        <source>Still playing here. Quit from this icon&apos;s menu.</source>
        <translation>仍在此处继续播放。可从此图标的菜单中退出。</translation>
    </message>
</context>
<context>
    <name>UpNext</name>
    <message>
        <source>Up next</source>
        <translation>接下来</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move up (Alt+Up)</source>
        <translation>上移 (Alt+Up)</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Move down (Alt+Down)</source>
        <translation>下移 (Alt+Down)</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>固定</translation>
    </message>
    <message>
        <source>Pin (P)</source>
        <translation>固定 (P)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove (Delete)</source>
        <translation>移除 (Del)</translation>
    </message>
    <message>
        <source>More like this</source>
        <translation>更多类似内容</translation>
    </message>
    <message>
        <source>Remove from Up next</source>
        <translation>从接下来中移除</translation>
    </message>
    <message>
        <source>Save Up next as playlist…</source>
        <translation>将接下来保存为播放列表…</translation>
    </message>
    <message>
        <source>Side: {side}</source>
        <translation>倾向：{side}</translation>
    </message>
    <message>
        <source>{title} — {artist}</source>
        <translation>{title} — {artist}</translation>
    </message>
    <message>
        <source>[pinned] {entry}</source>
        <translation>[已固定] {entry}</translation>
    </message>
</context>
<context>
    <name>UpNextNote</name>
    <message>
        <source>Play something and Up next suggests what comes next.</source>
        <translation>播放点什么，“接下来”会推荐之后播放的内容。</translation>
    </message>
    <message>
        <source>Analysis is paused ({done} of {total} files): Up next fills in when it goes on.</source>
        <translation>分析已暂停（{done}/{total} 个文件）：继续分析后，“接下来”会补上。</translation>
    </message>
    <message>
        <source>Up next fills in as the files are analysed ({done} of {total} so far).</source>
        <translation>“接下来”会随文件分析逐步补上（已完成 {done}/{total}）。</translation>
    </message>
    <message>
        <source>Nothing to suggest after “{title}” yet: suggestions come from analysed files.</source>
        <translation>“{title}”之后暂无推荐：推荐来自已分析的文件。</translation>
    </message>
</context>
<context>
    <name>VideoGrid</name>
    <message>
        <source>Videos</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>No videos match this search.</source>
        <translation>没有符合此搜索的视频。</translation>
    </message>
    <message>
        <source>No videos yet. Add a folder that holds videos with Library ▸ Add a folder… (Ctrl+O) or on the Folders page; they appear here once they are scanned.</source>
        <translation>还没有视频。可通过“资料库 ▸ 添加文件夹…”（Ctrl+O）或在“文件夹”页面添加存放视频的文件夹，扫描后视频会显示在这里。</translation>
    </message>
    <message>
        <source>Show as grid</source>
        <translation>以网格显示</translation>
    </message>
    <message>
        <source>List</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Show the videos as a list</source>
        <translation>以列表显示视频</translation>
    </message>
    <message>
        <source>Show the videos as a grid of posters</source>
        <translation>以海报网格显示视频</translation>
    </message>
</context>
<context>
    <name>VideoPanel</name>
    <message>
        <source>Double-click or press F for full screen</source>
        <translation>双击或按 F 键全屏</translation>
    </message>
    <message>
        <source>Full-screen video — avrec</source>
        <translation>全屏视频 — avrec</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>视频</translation>
    </message>
</context>
<context>
    <name>WhyPopover</name>
    <message>
        <source>Sound</source>
        <translation>声音</translation>
    </message>
    <message>
        <source>Words</source>
        <translation>文字</translation>
    </message>
    <message>
        <source>Picture</source>
        <translation>画面</translation>
    </message>
    <message>
        <source>Why {title}</source>
        <translation>为什么推荐 {title}</translation>
    </message>
    <message>
        <source>Why “{title}”</source>
        <translation>为什么推荐“{title}”</translation>
    </message>
    <message>
        <source>No particular reason yet: play a few things and it learns.</source>
        <translation>暂无特别的理由：播放一些内容后它会学习。</translation>
    </message>
    <message>
        <source>Sounds like</source>
        <translation>听起来像</translation>
    </message>
    <message>
        <source>What the learned music model hears: {tags}</source>
        <translation>音乐模型听到的：{tags}</translation>
    </message>
    <message>
        <source>Sounds like {tags}</source>
        <translation>听起来像：{tags}</translation>
    </message>
    <message>
        <source>Close to “{title}”</source>
        <translation>与“{title}”的接近程度</translation>
    </message>
    <message>
        <source>Closeness</source>
        <translation>接近程度</translation>
    </message>
    <message>
        <source>{space} similarity {percent}</source>
        <translation>{space}相似度 {percent}</translation>
    </message>
    <message>
        <source>Esc closes</source>
        <translation>按 Esc 关闭</translation>
    </message>
</context>
</TS>
