package document

import (
	"strings"
)

// The .docx writer is written out by hand rather than with a library: the
// Go libraries found (gomutex/godocx, unmaintained since 2024; its young
// forks; wordingo at v0.1) either lag or are months old, and none lets a
// style name the East Asian font (w:eastAsia) that Korean text needs. The
// package is eight small parts; writing them keeps Yoyak free of a
// dependency that could change how a summary looks.

// docxFont is the Korean font named (never embedded): every Windows since
// Vista and every Word installation has it; LibreOffice substitutes a
// Korean font where it lacks it.
const docxFont = "맑은 고딕"

func writeDOCX(in Input) ([]byte, error) {
	return pack(docxParts(in), in.Meta.Generated)
}

// docxParts are the package's parts, in the order Word writes them.
func docxParts(in Input) []part {
	return []part{
		{name: "[Content_Types].xml", data: docxContentTypes},
		{name: "_rels/.rels", data: docxRootRels},
		{name: "word/_rels/document.xml.rels", data: docxDocumentRels},
		{name: "word/document.xml", data: docxDocument(blocks(in))},
		{name: "word/styles.xml", data: docxStyles},
		{name: "word/numbering.xml", data: docxNumbering},
		{name: "docProps/core.xml", data: docxCore(in)},
		{name: "docProps/app.xml", data: docxApp},
	}
}

const docxContentTypes = xmlHead + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`</Types>`

const docxRootRels = xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const docxDocumentRels = xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>` +
	`</Relationships>`

const docxApp = xmlHead + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
	`<Application>Yoyak</Application></Properties>`

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

// docxDocument is word/document.xml: one paragraph per block, bullets in
// the list of numbering.xml (numId 1), sources in the muted Source style.
func docxDocument(bs []block) string {
	var b strings.Builder
	b.WriteString(xmlHead + `<w:document ` + wNS + `><w:body>`)
	for _, bl := range bs {
		b.WriteString(`<w:p><w:pPr>`)
		switch bl.kind {
		case blockTitle:
			b.WriteString(`<w:pStyle w:val="Heading1"/>`)
		case blockMeta:
			b.WriteString(`<w:pStyle w:val="Details"/>`)
		case blockHeading:
			b.WriteString(`<w:pStyle w:val="Heading2"/>`)
		case blockBullet:
			b.WriteString(`<w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>`)
		}
		b.WriteString(`</w:pPr>`)
		docxRun(&b, "", bl.text)
		if bl.source != "" {
			docxRun(&b, "Source", " ("+bl.source+")")
		}
		b.WriteString(`</w:p>`)
	}
	// A4 with 2.5 cm margins, as Korean offices print.
	b.WriteString(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>` +
		`<w:pgMar w:top="1418" w:right="1418" w:bottom="1418" w:left="1418" w:header="851" w:footer="851" w:gutter="0"/></w:sectPr>`)
	b.WriteString(`</w:body></w:document>`)
	return b.String()
}

// docxRun writes one run of text in the character style style ("" for
// none), keeping its spaces.
func docxRun(b *strings.Builder, style, text string) {
	b.WriteString(`<w:r>`)
	if style != "" {
		b.WriteString(`<w:rPr><w:rStyle w:val="` + style + `"/></w:rPr>`)
	}
	b.WriteString(`<w:t xml:space="preserve">` + escape(text) + `</w:t></w:r>`)
}

// docxFonts names the Korean font for every script slot.
const docxFonts = `<w:rFonts w:ascii="` + docxFont + `" w:eastAsia="` + docxFont + `" w:hAnsi="` + docxFont + `" w:cs="` + docxFont + `"/>`

const docxStyles = xmlHead + `<w:styles ` + wNS + `>` +
	`<w:docDefaults><w:rPrDefault><w:rPr>` + docxFonts +
	`<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="ko-KR" w:eastAsia="ko-KR" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="300" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
	`<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
	`<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:qFormat/>` +
	`<w:pPr><w:spacing w:after="60"/><w:ind w:left="720"/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:customStyle="1" w:styleId="Details"><w:name w:val="Details"/><w:basedOn w:val="Normal"/>` +
	`<w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:color w:val="6E6E6E"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>` +
	`<w:style w:type="character" w:customStyle="1" w:styleId="Source"><w:name w:val="Source"/>` +
	`<w:rPr><w:color w:val="808080"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>` +
	`</w:styles>`

// docxNumbering is one bulleted list: "•" hanging at level 0.
const docxNumbering = xmlHead + `<w:numbering ` + wNS + `>` +
	`<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>` +
	`<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/><w:lvlJc w:val="left"/>` +
	`<w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>` +
	`<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>` +
	`</w:numbering>`

// docxCore is docProps/core.xml: the title, Yoyak as creator, the time.
func docxCore(in Input) string {
	var b strings.Builder
	b.WriteString(xmlHead + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
		` xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"` +
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	b.WriteString(`<dc:title>` + escape(blocks(Input{Summary: in.Summary})[0].text) + `</dc:title>`)
	b.WriteString(`<dc:creator>Yoyak</dc:creator><dc:language>ko-KR</dc:language>`)
	if m := metaLine(in.Meta); m != "" {
		b.WriteString(`<dc:description>` + escape(m) + `</dc:description>`)
	}
	if t := in.Meta.Generated; !t.IsZero() {
		b.WriteString(`<dcterms:created xsi:type="dcterms:W3CDTF">` + t.UTC().Format("2006-01-02T15:04:05Z") + `</dcterms:created>`)
	}
	b.WriteString(`</cp:coreProperties>`)
	return b.String()
}
