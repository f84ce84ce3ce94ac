import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeXml, px, svgDocument } from './svg-markup.js';

describe('escapeXml', () => {
  it('escapes the five XML special characters', () => {
    expect(escapeXml(`a < b & c > "d" 'e'`)).toBe('a &lt; b &amp; c &gt; &quot;d&quot; &apos;e&apos;');
  });

  it('replaces characters XML forbids and keeps everything else, including astral characters', () => {
    expect(escapeXml('x\u0000y\u0007z')).toBe('x\uFFFDy\uFFFDz');
    expect(escapeXml('θ₁ 🎯\tσ')).toBe('θ₁ 🎯\tσ');
    expect(escapeXml('lone \uD800 surrogate')).toBe('lone \uFFFD surrogate');
  });

  it('round-trips through an XML parser, in text and in attributes', () => {
    const name = `<b>&amp; "q" 'x' \u0001`;
    const doc = `<r a="${escapeXml(name)}">${escapeXml(name)}</r>`;
    expect(XMLValidator.validate(doc)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(doc);
    const expected = name.replace('\u0001', '\uFFFD');
    expect(parsed.r.a).toBe(expected);
    expect(parsed.r['#text']).toBe(expected);
  });
});

describe('px', () => {
  it('rounds to two decimals without -0', () => {
    expect(px(1.23456)).toBe('1.23');
    expect(px(-0.001)).toBe('0');
    expect(px(40)).toBe('40');
  });
});

describe('svgDocument', () => {
  it('writes a standalone SVG with namespace, viewBox, fonts and a white background', () => {
    const doc = svgDocument({ width: 100.5, height: 50, title: 'T & <t>', body: '<circle cx="1" cy="1" r="1"/>' });
    expect(doc.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(XMLValidator.validate(doc)).toBe(true);
    const svg = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(doc).svg;
    expect(svg.viewBox).toBe('0 0 100.5 50');
    expect(svg['font-family']).toContain('DejaVu Sans');
    expect(svg.title).toBe('T & <t>');
    expect(svg.rect.fill).toBe('#ffffff');
  });
});
