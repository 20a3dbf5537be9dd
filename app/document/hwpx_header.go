package document

import (
	"fmt"
	"strings"
)

// hwpxLangs are the script slots of OWPML's font tables, in order.
var hwpxLangs = []string{"HANGUL", "LATIN", "HANJA", "JAPANESE", "OTHER", "SYMBOL", "USER"}

// hwpxHeader is Contents/header.xml: the fonts, the border fills a shape
// refers to, five character shapes and five paragraph shapes (one per
// block kind, ids as the char…/para… constants), the "•" bullet, and one
// style (바탕글) as every Hangul document has.
func hwpxHeader() string {
	var b strings.Builder
	b.WriteString(xmlHead + `<hh:head ` + hwpxNS + ` version="1.4" secCnt="1">`)
	b.WriteString(`<hh:beginNum page="1" footnote="1" endnote="1" pic="1" tbl="1" equation="1"/><hh:refList>`)
	fmt.Fprintf(&b, `<hh:fontfaces itemCnt="%d">`, len(hwpxLangs))
	for _, l := range hwpxLangs {
		fmt.Fprintf(&b, `<hh:fontface lang="%s" fontCnt="2">`, l)
		for id, face := range []string{hwpxFontDotum, hwpxFontBatang} {
			fmt.Fprintf(&b, `<hh:font id="%d" face="%s" type="TTF" isEmbedded="0"/>`, id, face)
		}
		b.WriteString(`</hh:fontface>`)
	}
	b.WriteString(`</hh:fontfaces>`)
	b.WriteString(`<hh:borderFills itemCnt="2">` + hwpxBorderFill(1, false) + hwpxBorderFill(2, true) + `</hh:borderFills>`)
	b.WriteString(`<hh:charProperties itemCnt="5">`)
	// Sizes in 1/100 pt; font 0 is 돋움 (headings), 1 is 바탕 (text).
	b.WriteString(hwpxCharPr(charBody, 1100, "#000000", 1, false))
	b.WriteString(hwpxCharPr(charTitle, 1800, "#000000", 0, true))
	b.WriteString(hwpxCharPr(charHeading, 1400, "#000000", 0, true))
	b.WriteString(hwpxCharPr(charDetails, 900, "#6E6E6E", 0, false))
	b.WriteString(hwpxCharPr(charSource, 900, "#808080", 0, false))
	b.WriteString(`</hh:charProperties><hh:tabProperties itemCnt="1"><hh:tabPr id="0" autoTabLeft="0" autoTabRight="0"/></hh:tabProperties>`)
	b.WriteString(`<hh:numberings itemCnt="1"><hh:numbering id="1" start="0">` +
		`<hh:paraHead start="1" level="1" align="LEFT" useInstWidth="1" autoIndent="1" widthAdjust="0" textOffsetType="PERCENT" textOffset="50"` +
		` numFormat="DIGIT" charPrIDRef="4294967295" checkable="0">^1.</hh:paraHead></hh:numbering></hh:numberings>`)
	b.WriteString(`<hh:bullets itemCnt="1"><hh:bullet id="1" char="•" useImage="0">` +
		`<hh:paraHead level="0" align="LEFT" useInstWidth="0" autoIndent="1" widthAdjust="0" textOffsetType="PERCENT" textOffset="50"` +
		` numFormat="DIGIT" charPrIDRef="4294967295" checkable="0"/></hh:bullet></hh:bullets>`)
	b.WriteString(`<hh:paraProperties itemCnt="5">`)
	// Margins in HWPUNIT; spacing in percent of the line.
	b.WriteString(hwpxParaPr(paraBody, "", 0, 0, 0, 160))
	b.WriteString(hwpxParaPr(paraTitle, "", 0, 0, 600, 160))
	b.WriteString(hwpxParaPr(paraHeading, "", 0, 1200, 400, 160))
	b.WriteString(hwpxParaPr(paraBullet, `<hh:heading type="BULLET" idRef="1" level="0"/>`, 2000, 0, 200, 160))
	b.WriteString(hwpxParaPr(paraDetails, "", 0, 0, 1200, 130))
	b.WriteString(`</hh:paraProperties><hh:styles itemCnt="1">` +
		`<hh:style id="0" type="PARA" name="바탕글" engName="Normal" paraPrIDRef="0" charPrIDRef="0" nextStyleIDRef="0" langID="1042" lockForm="0"/>` +
		`</hh:styles></hh:refList>`)
	b.WriteString(`<hh:compatibleDocument targetProgram="HWP201X"><hh:layoutCompatibility/></hh:compatibleDocument>` +
		`<hh:docOption><hh:linkinfo path="" pageInherit="0" footnoteInherit="0"/></hh:docOption></hh:head>`)
	return b.String()
}

func hwpxBorderFill(id int, brush bool) string {
	s := fmt.Sprintf(`<hh:borderFill id="%d" threeD="0" shadow="0" centerLine="NONE" breakCellSeparateLine="0">`, id) +
		`<hh:slash type="NONE" Crooked="0" isCounter="0"/><hh:backSlash type="NONE" Crooked="0" isCounter="0"/>` +
		`<hh:leftBorder type="NONE" width="0.1 mm" color="#000000"/><hh:rightBorder type="NONE" width="0.1 mm" color="#000000"/>` +
		`<hh:topBorder type="NONE" width="0.1 mm" color="#000000"/><hh:bottomBorder type="NONE" width="0.1 mm" color="#000000"/>` +
		`<hh:diagonal type="SOLID" width="0.1 mm" color="#000000"/>`
	if brush {
		s += `<hc:fillBrush><hc:winBrush faceColor="none" hatchColor="#FF000000" alpha="0"/></hc:fillBrush>`
	}
	return s + `</hh:borderFill>`
}

// hwpxCharPr is one character shape: height in 1/100 pt, colour, the font
// id for every script, bold or not.
func hwpxCharPr(id, height int, color string, font int, bold bool) string {
	all := func(v int) string {
		return fmt.Sprintf(`hangul="%d" latin="%d" hanja="%d" japanese="%d" other="%d" symbol="%d" user="%d"`, v, v, v, v, v, v, v)
	}
	s := fmt.Sprintf(`<hh:charPr id="%d" height="%d" textColor="%s" shadeColor="none" useFontSpace="0" useKerning="0" symMark="NONE" borderFillIDRef="2">`, id, height, color) +
		`<hh:fontRef ` + all(font) + `/><hh:ratio ` + all(100) + `/><hh:spacing ` + all(0) + `/>` +
		`<hh:relSz ` + all(100) + `/><hh:offset ` + all(0) + `/>`
	if bold {
		s += `<hh:bold/>`
	}
	return s + `<hh:underline type="NONE" shape="SOLID" color="#000000"/><hh:strikeout shape="NONE" color="#000000"/>` +
		`<hh:outline type="NONE"/><hh:shadow type="NONE" color="#B2B2B2" offsetX="10" offsetY="10"/></hh:charPr>`
}

// hwpxParaPr is one paragraph shape: heading is its heading element ("" for
// none: plain text), left its left margin, before/after the space around
// it (HWPUNIT), line its line spacing in percent. A bullet hangs its first
// line back by the bullet's width.
func hwpxParaPr(id int, heading string, left, before, after, line int) string {
	if heading == "" {
		heading = `<hh:heading type="NONE" idRef="0" level="0"/>`
	}
	indent := 0
	if left > 0 {
		indent = -left / 2
	}
	return fmt.Sprintf(`<hh:paraPr id="%d" tabPrIDRef="0" condense="0" fontLineHeight="0" snapToGrid="1" suppressLineNumbers="0" checked="0">`, id) +
		`<hh:align horizontal="JUSTIFY" vertical="BASELINE"/>` + heading +
		`<hh:breakSetting breakLatinWord="KEEP_WORD" breakNonLatinWord="KEEP_WORD" widowOrphan="0" keepWithNext="0" keepLines="0" pageBreakBefore="0" lineWrap="BREAK"/>` +
		`<hh:autoSpacing eAsianEng="0" eAsianNum="0"/>` +
		fmt.Sprintf(`<hh:margin><hc:intent value="%d" unit="HWPUNIT"/><hc:left value="%d" unit="HWPUNIT"/><hc:right value="0" unit="HWPUNIT"/>`, indent, left) +
		fmt.Sprintf(`<hc:prev value="%d" unit="HWPUNIT"/><hc:next value="%d" unit="HWPUNIT"/></hh:margin>`, before, after) +
		fmt.Sprintf(`<hh:lineSpacing type="PERCENT" value="%d" unit="HWPUNIT"/>`, line) +
		`<hh:border borderFillIDRef="2" offsetLeft="0" offsetRight="0" offsetTop="0" offsetBottom="0" connect="0" ignoreMargin="0"/></hh:paraPr>`
}
