<map version="0.8.0">
<!-- To view this file, download free mind mapping software FreeMind from http://freemind.sourceforge.net -->
<node BACKGROUND_COLOR="#ffff66" COLOR="#000000" CREATED="1147165541671" ID="Freemind_Link_454223117" MODIFIED="1148697676781" TEXT="CODE COMPLETE CHECKLISTS">
<font BOLD="true" NAME="SansSerif" SIZE="16"/>
<node BACKGROUND_COLOR="#ffff66" COLOR="#000000" CREATED="1147178430593" ID="Freemind_Link_487138028" LINK="Checklist_Reqmt.mm" MODIFIED="1148697676781" POSITION="left" STYLE="bubble" TEXT="REQUIREMENTS">
<font BOLD="true" NAME="SansSerif" SIZE="14"/>
</node>
<node BACKGROUND_COLOR="#ffff66" COLOR="#000000" CREATED="1147182972765" ID="Freemind_Link_1072266679" LINK="Checklist_Arch.mm" MODIFIED="1148697676781" POSITION="left" STYLE="bubble" TEXT="ARCHITECTURE">
<font BOLD="true" NAME="SansSerif" SIZE="14"/>
</node>
<node BACKGROUND_COLOR="#ffff66" COLOR="#000000" CREATED="1147261575718" ID="_" LINK="Checklist_Routine.mm" MODIFIED="1148697676781" POSITION="left" STYLE="bubble" TEXT="BUILDING ROUTINE">
<font BOLD="true" NAME="SansSerif" SIZE="14"/>
</node>
<node BACKGROUND_COLOR="#ffff66" COLOR="#000000" CREATED="1147443672187" ID="Freemind_Link_1169488562" LINK="Checklist_HiQRoutine.mm" MODIFIED="1148697676781" POSITION="left" STYLE="bubble" TEXT="HIGH-QUALITY ROUTINES">
<font BOLD="true" NAME="SansSerif" SIZE="14"/>
</node>
<node BACKGROUND_COLOR="#ffff66" COLOR="#000000" CREATED="1148799303328" ID="Freemind_Link_1354214510" LINK="Checklist_Module.mm" MODIFIED="1148799317203" POSITION="left" STYLE="bubble" TEXT="MODULES">
<font BOLD="true" NAME="SansSerif" SIZE="14"/>
</node>
<node BACKGROUND_COLOR="#ffff66" COLOR="#000000" CREATED="1149341689937" ID="Freemind_Link_286934976" LINK="Checklist_HiLevelDesign.mm" MODIFIED="1149341708765" POSITION="left" STYLE="bubble" TEXT="HIGH-LEVEL DESIGN">
<font BOLD="true" NAME="SansSerif" SIZE="14"/>
</node>
</node>
</map>
