package document

import (
	"fmt"
	"strings"
)

// The .hwpx writer follows the OWPML package (KS X 6101) as Hangul itself
// writes it: mimetype first and stored, version.xml, META-INF/container.xml
// pointing at Contents/content.hpf (the OPF manifest and spine),
// Contents/header.xml (fonts, character and paragraph shapes, the bullet),
// Contents/section0.xml (the text) and settings.xml. No Go library writes
// HWPX; this one writes only what a summary needs.

// hwpxMime is the package's media type, the stored first entry.
const hwpxMime = "application/hwp+zip"

// The fonts named (never embedded): 함초롬돋움 for headings, 함초롬바탕 for
// text, the fonts every Hangul installation ships.
const (
	hwpxFontDotum  = "함초롬돋움" // font id 0
	hwpxFontBatang = "함초롬바탕" // font id 1
)

// Character shapes (charPr ids) and paragraph shapes (paraPr ids) of
// header.xml, one per block kind.
const (
	charBody, charTitle, charHeading, charDetails, charSource = 0, 1, 2, 3, 4
	paraBody, paraTitle, paraHeading, paraBullet, paraDetails = 0, 1, 2, 3, 4
)

const hwpxNS = `xmlns:ha="http://www.hancom.co.kr/hwpml/2011/app" xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph"` +
	` xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" xmlns:hc="http://www.hancom.co.kr/hwpml/2011/core"` +
	` xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head" xmlns:hpf="http://www.hancom.co.kr/schema/2011/hpf"` +
	` xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf/"`

func writeHWPX(in Input) ([]byte, error) {
	return pack(hwpxParts(in), in.Meta.Generated)
}

// hwpxParts are the package's parts, in the order Hangul writes them.
func hwpxParts(in Input) []part {
	return []part{
		{name: "mimetype", data: hwpxMime, stored: true},
		{name: "version.xml", data: hwpxVersion, stored: true},
		{name: "Contents/header.xml", data: hwpxHeader()},
		{name: "Contents/section0.xml", data: hwpxSection(blocks(in))},
		{name: "settings.xml", data: hwpxSettings},
		{name: "META-INF/container.xml", data: hwpxContainer},
		{name: "Contents/content.hpf", data: hwpxContent(in)},
		{name: "META-INF/manifest.xml", data: hwpxManifest},
	}
}

const hwpxVersion = xmlHead + `<hv:HCFVersion xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version" tagetApplication="WORDPROCESSOR"` +
	` major="5" minor="0" micro="5" buildNumber="0" os="1" xmlVersion="1.4" application="Yoyak" appVersion="1"/>`

const hwpxSettings = xmlHead + `<ha:HWPApplicationSetting xmlns:ha="http://www.hancom.co.kr/hwpml/2011/app"` +
	` xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0"><ha:CaretPosition listIDRef="0" paraIDRef="0" pos="0"/></ha:HWPApplicationSetting>`

const hwpxContainer = xmlHead + `<ocf:container xmlns:ocf="urn:oasis:names:tc:opendocument:xmlns:container"` +
	` xmlns:hpf="http://www.hancom.co.kr/schema/2011/hpf"><ocf:rootfiles>` +
	`<ocf:rootfile full-path="Contents/content.hpf" media-type="application/hwpml-package+xml"/>` +
	`</ocf:rootfiles></ocf:container>`

const hwpxManifest = xmlHead + `<odf:manifest xmlns:odf="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>`

// hwpxContent is Contents/content.hpf: metadata, the parts, the reading
// order (header, then the one section).
func hwpxContent(in Input) string {
	title := blocks(Input{Summary: in.Summary})[0].text
	var b strings.Builder
	b.WriteString(xmlHead + `<opf:package ` + hwpxNS + ` version="" unique-identifier="" id=""><opf:metadata>`)
	b.WriteString(`<opf:title>` + escape(title) + `</opf:title><opf:language>ko</opf:language>`)
	b.WriteString(`<opf:meta name="creator" content="text">Yoyak</opf:meta>`)
	if m := metaLine(in.Meta); m != "" {
		b.WriteString(`<opf:meta name="description" content="text">` + escape(m) + `</opf:meta>`)
	}
	if t := in.Meta.Generated; !t.IsZero() {
		b.WriteString(`<opf:meta name="CreatedDate" content="text">` + t.UTC().Format("2006-01-02T15:04:05Z") + `</opf:meta>`)
	}
	b.WriteString(`</opf:metadata><opf:manifest>` +
		`<opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>` +
		`<opf:item id="section0" href="Contents/section0.xml" media-type="application/xml"/>` +
		`<opf:item id="settings" href="settings.xml" media-type="application/xml"/>` +
		`</opf:manifest><opf:spine><opf:itemref idref="header"/><opf:itemref idref="section0"/></opf:spine></opf:package>`)
	return b.String()
}

// hwpxSection is Contents/section0.xml: the first paragraph carries the
// page setup (A4, Hangul's default margins), then one paragraph per block.
func hwpxSection(bs []block) string {
	var b strings.Builder
	b.WriteString(xmlHead + `<hs:sec ` + hwpxNS + `>`)
	for i, bl := range bs {
		para, char := paraBody, charBody
		switch bl.kind {
		case blockTitle:
			para, char = paraTitle, charTitle
		case blockMeta:
			para, char = paraDetails, charDetails
		case blockHeading:
			para, char = paraHeading, charHeading
		case blockBullet:
			para = paraBullet
		}
		fmt.Fprintf(&b, `<hp:p id="%d" paraPrIDRef="%d" styleIDRef="0" pageBreak="0" columnBreak="0" merged="0">`, i, para)
		if i == 0 {
			b.WriteString(`<hp:run charPrIDRef="0">` + hwpxSecPr + `</hp:run>`)
		}
		fmt.Fprintf(&b, `<hp:run charPrIDRef="%d"><hp:t>%s</hp:t></hp:run>`, char, escape(bl.text))
		if bl.source != "" {
			fmt.Fprintf(&b, `<hp:run charPrIDRef="%d"><hp:t>%s</hp:t></hp:run>`, charSource, escape(" ("+bl.source+")"))
		}
		b.WriteString(`</hp:p>`)
	}
	b.WriteString(`</hs:sec>`)
	return b.String()
}

// hwpxSecPr is the section's page setup, in HWPUNIT (1/7200 inch): A4
// portrait with the margins of Hangul's new document, one column.
const hwpxSecPr = `<hp:secPr id="" textDirection="HORIZONTAL" spaceColumns="1134" tabStop="8000" tabStopVal="4000" tabStopUnit="HWPUNIT"` +
	` outlineShapeIDRef="1" memoShapeIDRef="0" textVerticalWidthHead="0" masterPageCnt="0">` +
	`<hp:grid lineGrid="0" charGrid="0" wonggojiFormat="0"/>` +
	`<hp:startNum pageStartsOn="BOTH" page="0" pic="0" tbl="0" equation="0"/>` +
	`<hp:visibility hideFirstHeader="0" hideFirstFooter="0" hideFirstMasterPage="0" border="SHOW_ALL" fill="SHOW_ALL" hideFirstPageNum="0" hideFirstEmptyLine="0" showLineNumber="0"/>` +
	`<hp:lineNumberShape restartType="0" countBy="0" distance="0" startNumber="0"/>` +
	`<hp:pagePr landscape="WIDELY" width="59528" height="84188" gutterType="LEFT_ONLY">` +
	`<hp:margin header="4252" footer="4252" gutter="0" left="8504" right="8504" top="5668" bottom="4252"/></hp:pagePr>` +
	`<hp:footNotePr><hp:autoNumFormat type="DIGIT" userChar="" prefixChar="" suffixChar=")" supscript="0"/>` +
	`<hp:noteLine length="-1" type="SOLID" width="0.12 mm" color="#000000"/><hp:noteSpacing betweenNotes="283" belowLine="567" aboveLine="850"/>` +
	`<hp:numbering type="CONTINUOUS" newNum="1"/><hp:placement place="EACH_COLUMN" beneathText="0"/></hp:footNotePr>` +
	`<hp:endNotePr><hp:autoNumFormat type="DIGIT" userChar="" prefixChar="" suffixChar=")" supscript="0"/>` +
	`<hp:noteLine length="14692344" type="SOLID" width="0.12 mm" color="#000000"/><hp:noteSpacing betweenNotes="0" belowLine="567" aboveLine="850"/>` +
	`<hp:numbering type="CONTINUOUS" newNum="1"/><hp:placement place="END_OF_DOCUMENT" beneathText="0"/></hp:endNotePr>` +
	`<hp:pageBorderFill type="BOTH" borderFillIDRef="1" textBorder="PAPER" headerInside="0" footerInside="0" fillArea="PAPER">` +
	`<hp:offset left="1417" right="1417" top="1417" bottom="1417"/></hp:pageBorderFill>` +
	`</hp:secPr><hp:ctrl><hp:colPr id="" type="NEWSPAPER" layout="LEFT" colCount="1" sameSz="1" sameGap="0"/></hp:ctrl>`
