<map version="freeplane 1.3.0">

<node CREATED="1283093380553" FOLDED="false" ID="ID_1723255651" MAX_WIDTH="300" MODIFIED="1369923020781" TEXT="My ListTest Map"><hook NAME="MapStyle">

<map_styles>
<stylenode LOCALIZED_TEXT="styles.root_node">
<stylenode LOCALIZED_TEXT="styles.predefined" POSITION="right">
<stylenode COLOR="#000000" LOCALIZED_TEXT="default" MAX_WIDTH="600" STYLE="as_parent">
<font BOLD="false" ITALIC="false" NAME="SansSerif" SIZE="10" />
</stylenode>
<stylenode LOCALIZED_TEXT="defaultstyle.details" />
<stylenode LOCALIZED_TEXT="defaultstyle.note" />
<stylenode LOCALIZED_TEXT="defaultstyle.floating">
<edge STYLE="hide_edge" />
<cloud COLOR="#f0f0f0" SHAPE="ROUND_RECT" />
</stylenode>
</stylenode>
<stylenode LOCALIZED_TEXT="styles.user-defined" POSITION="right">
<stylenode COLOR="#18898b" LOCALIZED_TEXT="styles.topic" STYLE="fork">
<font BOLD="true" NAME="Liberation Sans" SIZE="10" />
</stylenode>
<stylenode COLOR="#cc3300" LOCALIZED_TEXT="styles.subtopic" STYLE="fork">
<font BOLD="true" NAME="Liberation Sans" SIZE="10" />
</stylenode>
<stylenode COLOR="#669900" LOCALIZED_TEXT="styles.subsubtopic">
<font BOLD="true" NAME="Liberation Sans" SIZE="10" />
</stylenode>
<stylenode LOCALIZED_TEXT="styles.important">
<icon BUILTIN="yes" />
</stylenode>
<stylenode COLOR="#fc1299" TEXT="My Own Node Style">
<font BOLD="true" />
</stylenode>
</stylenode>
<stylenode LOCALIZED_TEXT="styles.AutomaticLayout" POSITION="right">
<stylenode COLOR="#000000" LOCALIZED_TEXT="AutomaticLayout.level.root">
<font SIZE="18" />
</stylenode>
<stylenode COLOR="#0033ff" LOCALIZED_TEXT="AutomaticLayout.level,1">
<font SIZE="16" />
</stylenode>
<stylenode COLOR="#00b439" LOCALIZED_TEXT="AutomaticLayout.level,2">
<font SIZE="14" />
</stylenode>
<stylenode COLOR="#990000" LOCALIZED_TEXT="AutomaticLayout.level,3">
<font SIZE="12" />
</stylenode>
<stylenode COLOR="#111111" LOCALIZED_TEXT="AutomaticLayout.level,4">
<font SIZE="10" />
</stylenode>
</stylenode>
</stylenode>
</map_styles>
</hook>
<node CREATED="1369905980053" FOLDED="true" ID="ID_134230414" MAX_WIDTH="300" MODIFIED="1369923073396" POSITION="right" TEXT="This is a paragraph. Since it is folded in the map, all nodes below should be bullet lists. All nodes below are *unfolded*, but nevertheless they should be bullet items.">
<node CREATED="1369906034812" ID="ID_1454319546" MAX_WIDTH="300" MODIFIED="1369923020784" TEXT="This is a un-numbered list item" />
<node CREATED="1369906034812" ID="ID_1199345740" MAX_WIDTH="300" MODIFIED="1369923020790" TEXT="This is a un-numbered list item">
<node CREATED="1369906034812" ID="ID_598491406" MAX_WIDTH="300" MODIFIED="1369923020792" NUMBERED="true" TEXT="This is a numbered list item" />
<node CREATED="1369906034812" ID="ID_716768392" MAX_WIDTH="300" MODIFIED="1369923020796" NUMBERED="true" TEXT="This is a numbered list item">
<node CREATED="1369906034812" ID="ID_785422509" MAX_WIDTH="300" MODIFIED="1369923020798" NUMBERED="true" TEXT="This is a numbered list item" />
<node CREATED="1369906034812" ID="ID_1050317708" MAX_WIDTH="300" MODIFIED="1369923020802" NUMBERED="true" TEXT="This is a numbered list item">
<node CREATED="1369906034812" ID="ID_1723987214" MAX_WIDTH="300" MODIFIED="1369923020806" TEXT="This is a un-numbered list item" />
<node CREATED="1369906034812" ID="ID_383666431" MAX_WIDTH="300" MODIFIED="1369923020808" TEXT="This is a un-numbered list item">
<node CREATED="1369906034812" ID="ID_1428818625" MAX_WIDTH="300" MODIFIED="1369923020810" NUMBERED="true" TEXT="This is a numbered list item again" />
<node CREATED="1369906034812" ID="ID_1509973046" MAX_WIDTH="300" MODIFIED="1369923020813" NUMBERED="true" TEXT="This is a numbered list item again">
<node CREATED="1369906034812" ID="ID_1950793889" MAX_WIDTH="300" MODIFIED="1369923020815" NUMBERED="true" TEXT="This is a numbered list item again" />
<node CREATED="1369906034812" ID="ID_1192473138" MAX_WIDTH="300" MODIFIED="1369923020817" NUMBERED="true" TEXT="This is a numbered list item again" />
</node>
<node CREATED="1369906034812" ID="ID_690922736" MAX_WIDTH="300" MODIFIED="1369923020823" NUMBERED="true" TEXT="This is a numbered list item again" />
</node>
<node CREATED="1369906034812" ID="ID_1512960209" MAX_WIDTH="300" MODIFIED="1369923020824" TEXT="This is a un-numbered list item" />
</node>
<node CREATED="1369906034812" ID="ID_1973322916" MAX_WIDTH="300" MODIFIED="1369923020829" NUMBERED="true" TEXT="This is a numbered list item" />
</node>
<node CREATED="1369906034812" ID="ID_195027188" MAX_WIDTH="300" MODIFIED="1369923020831" NUMBERED="true" TEXT="This is a numbered list item" />
</node>
<node CREATED="1369906034812" ID="ID_988302853" MAX_WIDTH="300" MODIFIED="1369923020832" TEXT="This is a un-numbered list item" />
</node>
<node CREATED="1369909734925" FOLDED="true" ID="ID_1320726719" MAX_WIDTH="300" MODIFIED="1369923143199" POSITION="left" TEXT="This is another paragraph. Since it is folded in the map, all nodes below should be bullet lists. Here all subnodes are unfolded, too, but for one node &quot;always unfold&quot; is set, which should avoid this to become a bullet list.">
<node CREATED="1369909769451" ID="ID_1971537224" MODIFIED="1369909772721" TEXT="Node" />
<node CREATED="1369909769451" ID="ID_471388787" MODIFIED="1369909772721" TEXT="Node">
<node CREATED="1369909784307" ID="ID_34382675" MODIFIED="1369909786712" TEXT="Subnode">
<node CREATED="1369909784307" ID="ID_1051170198" MODIFIED="1369922673988" TEXT="Subsubnode, should be a bullet item" />
<node CREATED="1369909784307" ID="ID_1978049974" MODIFIED="1369922671809" TEXT="Subsubnode, should be a bullet item" />
<node CREATED="1369909784307" ID="ID_1085985968" MODIFIED="1369922666625" TEXT="Subsubnode, should be a bullet item" />
</node>
<node CREATED="1369909784307" ID="ID_1015459179" MODIFIED="1369922581607" TEXT="Subnode with &quot;always unfold set&quot;">
<hook NAME="AlwaysUnfoldedNode" />
<node CREATED="1369909784307" ID="ID_1514862449" MODIFIED="1369934042473" STYLE_REF="My Own Node Style" TEXT="This Subsubnode should be a normal paragraph with style &quot;My Own Node Style&quot;, since &quot;always unfold&quot; is set in the parent node." />
<node CREATED="1369909784307" ID="ID_1930975952" MODIFIED="1369934034867" STYLE_REF="My Own Node Style" TEXT="This Subsubnode should be a normal paragraph with style &quot;My Own Node Style&quot;, since &quot;always unfold&quot; is set in the parent node.">
<node CREATED="1369909784307" ID="ID_673668417" MODIFIED="1369933909901" TEXT="Subsubnode, should be a bullet item again" />
<node CREATED="1369909784307" ID="ID_1731422287" MODIFIED="1369933913057" TEXT="Subsubnode, should be a bullet item again" />
<node CREATED="1369909784307" ID="ID_254913722" MODIFIED="1369933936488" TEXT="Subsubnode, should be a bullet item again" />
</node>
<node CREATED="1369909784307" ID="ID_344269079" MODIFIED="1369927256768" TEXT="This Subsubnode should be a normal paragraph, since &quot;always unfold&quot; is set in the parent node." />
</node>
<node CREATED="1369909784307" ID="ID_1529890904" MODIFIED="1369909786712" TEXT="Subnode" />
<node CREATED="1369909784307" ID="ID_534436996" MODIFIED="1369909786712" TEXT="Subnode" />
</node>
<node CREATED="1369909769451" ID="ID_1648105993" MODIFIED="1369909772721" TEXT="Node" />
<node CREATED="1369909769451" ID="ID_1820227500" MODIFIED="1369909772721" TEXT="Node" />
<node CREATED="1369909769451" ID="ID_218014394" MODIFIED="1369909772721" TEXT="Node" />
</node>
</node>
</map>