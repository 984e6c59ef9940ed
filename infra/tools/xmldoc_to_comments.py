#!/usr/bin/env python3
# One-off: turns /// XML doc comments of internal code into // comments (house style: XML docs only on contracts and
# public surface, CONVENTIONS §13). Usage: infra/tools/xmldoc_to_comments.py FILE.cs … (rewrites in place; review the diff).
import re, sys

def convert_block(lines, indent):
    text = " ".join(l.strip()[3:].strip() for l in lines)
    text = re.sub(r'<see cref="([^"]+)"\s*/>', lambda m: m.group(1).split('.')[-1].replace('{', '<').replace('}', '>'), text)
    text = re.sub(r'<see langword="([^"]+)"\s*/>', r'\1', text)
    text = re.sub(r'<paramref name="([^"]+)"\s*/>', r'\1', text)
    text = re.sub(r'<typeparamref name="([^"]+)"\s*/>', r'\1', text)
    text = re.sub(r'<param name="([^"]+)">', r'\1: ', text)
    text = re.sub(r'<returns>', 'Returns ', text)
    text = re.sub(r'</?(summary|param|returns|remarks|para|c|code|list|item|description)\s*>', ' ', text)
    text = re.sub(r'<item>|</item>|<list[^>]*>', ' ', text)
    text = text.replace('&lt;', '<').replace('&gt;', '>').replace('&amp;', '&')
    text = re.sub(r'\s+', ' ', text).strip()
    # wrap at ~118 columns
    width = 118 - len(indent) - 3
    out, line = [], ""
    for word in text.split(' '):
        if line and len(line) + 1 + len(word) > width:
            out.append(line); line = word
        else:
            line = (line + " " + word) if line else word
    if line: out.append(line)
    return [f"{indent}// {l}\n" for l in out]

for path in sys.argv[1:]:
    src = open(path, encoding='utf-8').read().splitlines(keepends=True)
    result, block = [], []
    for l in src:
        if l.lstrip().startswith('///'):
            block.append(l); continue
        if block:
            indent = block[0][:len(block[0]) - len(block[0].lstrip())]
            result.extend(convert_block(block, indent)); block = []
        result.append(l)
    if block:
        indent = block[0][:len(block[0]) - len(block[0].lstrip())]
        result.extend(convert_block(block, indent))
    open(path, 'w', encoding='utf-8').write("".join(result))
