// The VS Code extension's static parts, checked without VS Code:
// - the TextMate grammar (vscode-textmate + vscode-oniguruma, the engine VS
//   Code uses) on the seed cables: the scope of each header element;
// - the language configuration's word pattern and the `firstLine` pattern;
// - the semantic token scope map against the server's token legend.
// Prints one `ok - ...` / `not ok - ...` line per check; exit 1 on failure.
//
// usage: node grammar.test.js REPO
const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const repo = path.resolve(process.argv[2] || path.join(__dirname, '../..'));
const ext = path.join(repo, 'editors/vscode');
const examples = path.join(repo, 'examples');

let failures = 0;
function check(ok, name, got) {
  if (!ok) failures++;
  console.log(`${ok ? 'ok' : 'not ok'} - grammar: ${name}${!ok && got !== undefined ? ` (got ${JSON.stringify(got)})` : ''}`);
}

const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
const onigLib = oniguruma.loadWASM(wasm.buffer).then(() => ({
  createOnigScanner: (p) => new oniguruma.OnigScanner(p),
  createOnigString: (s) => new oniguruma.OnigString(s),
}));
const grammarPath = path.join(ext, 'syntaxes/cable.tmLanguage.json');
const registry = new vsctm.Registry({
  onigLib,
  loadGrammar: async (scope) => (scope === 'text.cable'
    ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath)
    : null),
});

/** Tokens of every line of a file: [[text, innermost scope, all scopes]] per line (1-based). */
async function tokenizeFile(file) {
  const grammar = await registry.loadGrammar('text.cable');
  const lines = fs.readFileSync(file, 'utf8').split(/\r\n|\r|\n/);
  let state = vsctm.INITIAL;
  const out = [null];
  for (const line of lines) {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    out.push(r.tokens.map((t) => [line.substring(t.startIndex, t.endIndex), t.scopes[t.scopes.length - 1], t.scopes]));
  }
  return out;
}

// [seed, 1-based line, element, [[token text, innermost scope], ...]]
const C = '.cable';
const EXPECT = [
  ['000', 3, 'transmission id', [['VZCZCXRO9950', 'keyword.other.transmission-id' + C]]],
  ['000', 4, 'routing line', [['OO', 'storage.modifier.precedence' + C], ['RUEHFL', 'entity.name.tag.routing-indicator' + C],
    ['RUEHSR', 'entity.name.tag.routing-indicator' + C]]],
  ['000', 5, 'DE line', [['DE', 'keyword.other.de' + C], ['RUEHRO', 'entity.name.tag.routing-indicator' + C],
    ['#0104', 'constant.numeric.serial' + C], ['0241223', 'constant.numeric.filing-time' + C]]],
  ['000', 6, 'security line', [['ZNY', 'keyword.other.security' + C], ['CCCCC', 'storage.type.classification' + C],
    ['ZZH', 'keyword.other.security' + C]]],
  ['000', 7, 'precedence and DTG', [['O', 'storage.modifier.precedence' + C], ['241223Z JAN 08', 'constant.numeric.dtg' + C]]],
  ['000', 8, 'FM line', [['FM', 'keyword.other.fm' + C], ['AMEMBASSY ROME', 'entity.name.namespace.station' + C]]],
  ['000', 9, 'TO line', [['TO', 'keyword.other.address' + C], ['RUEHC', 'entity.name.tag.routing-indicator' + C],
    ['SECSTATE WASHDC', 'entity.name.namespace.station' + C], ['IMMEDIATE', 'storage.modifier.precedence' + C],
    ['9726', 'constant.numeric.serial' + C]]],
  ['000', 10, 'INFO line', [['INFO', 'keyword.other.address' + C], ['RUEHZL', 'entity.name.tag.routing-indicator' + C],
    ['EUROPEAN POLITICAL COLLECTIVE', 'entity.name.namespace.station' + C]]],
  ['000', 11, 'addressee continuation line', [['RUEHBW', 'entity.name.tag.routing-indicator' + C],
    ['AMEMBASSY BELGRADE', 'entity.name.namespace.station' + C], ['0340', 'constant.numeric.serial' + C]]],
  ['000', 27, 'classification banner', [['C O N F I D E N T I A L', 'storage.type.classification' + C],
    ['ROME', 'entity.name.namespace.station' + C], ['000104', 'constant.numeric.serial' + C]]],
  ['000', 29, 'SIPDIS caption', [['SIPDIS', 'storage.modifier.caption' + C]]],
  ['000', 33, 'E.O. line', [['E.O. 12958', 'keyword.other.eo' + C], ['DECL', 'keyword.other.decl' + C],
    ['01/31/2018', 'constant.other.date' + C]]],
  ['000', 35, 'TAGS line', [['TAGS', 'keyword.other.tags' + C], ['PREL', 'support.constant.tag' + C],
    ['KV', 'support.constant.tag' + C], ['[', 'punctuation.definition.link' + C], ['](#)', 'punctuation.definition.link' + C]]],
  ['000', 37, 'SUBJECT line', [['SUBJECT', 'keyword.other.subject' + C],
    ['KOSOVO: ITALIANS MAY NOT SEEK TO DELAY COORDINATED  ', 'markup.heading.subject' + C]]],
  ['000', 38, 'SUBJECT continuation', [['DECLARATION OF INDEPENDENCE', 'markup.heading.subject' + C]]],
  ['000', 40, 'REF line', [['REF', 'keyword.other.ref' + C], ['A', 'constant.other.ref-letter' + C],
    ['ROME 94', 'string.other.ref-id' + C], ['B', 'constant.other.ref-letter' + C], ['ROME 71', 'string.other.ref-id' + C]]],
  ['000', 42, 'Classified By line', [['Classified By', 'keyword.other.classified-by' + C],
    ['Jonathan R. Cohen', 'variable.other.person' + C]]],
  ['000', 43, 'classification reasons', [['1.4 (b) and (d)', 'constant.other.reason' + C]]],
  ['000', 45, 'paragraph marker 11. (pilcrow as digit)', [['11.', 'keyword.operator.paragraph-marker' + C],
    ['(C)', 'storage.type.classification.portion' + C]]],
  ['000', 50, 'signature', [['SPOGLI', 'variable.other.person.signature' + C]]],
  ['001', 3, 'transmission id with digit 0', [['VZCZCXR08132', 'keyword.other.transmission-id' + C]]],
  ['001', 7, 'DE line with section', [['#1333/01', 'constant.numeric.serial' + C]]],
  ['001', 43, 'banner with SECTION', [['SECTION', 'keyword.other.section' + C], ['01', 'constant.numeric.section' + C],
    ['02', 'constant.numeric.section' + C], ['ROME', 'entity.name.namespace.station' + C], ['001333', 'constant.numeric.serial' + C]]],
  ['001', 49, 'NOFORN caption', [['NOFORN', 'storage.modifier.caption' + C]]],
  ['001', 58, 'REF with a non-cable item', [['ROME 1305', 'string.other.ref-id' + C],
    [' BLACK-ESCOBAR EMAIL 6/15/07 ', 'meta.ref' + C]]],
  ['001', 60, 'section page header', [['ROME 00001333 001.2 OF 002', 'comment.line.page-header' + C]]],
  ['001', 62, 'doubled Classified by', [['Classified by', 'keyword.other.classified-by' + C],
    ['David D. Pearce', 'variable.other.person' + C]]],
  ['001', 64, 'section heading', [['Summary', 'markup.heading.section' + C]]],
  ['001', 68, 'paragraph marker ¶1. (C/NF)', [['¶1.', 'keyword.operator.paragraph-marker' + C],
    ['(C/NF)', 'storage.type.classification.portion' + C]]],
  ['001', 88, 'mixed-case signature', [['Spogli', 'variable.other.person.signature' + C]]],
  ['003', 33, 'REF to one cable', [['STATE 186217', 'string.other.ref-id' + C]]],
  ['003', 38, 'paragraph marker [1](#)1.', [['[1](#)1.', 'keyword.operator.paragraph-marker' + C]]],
  ['004', 4, 'PP routing line', [['PP', 'storage.modifier.precedence' + C]]],
  ['004', 9, 'PRIORITY addressee', [['PRIORITY', 'storage.modifier.precedence' + C]]],
];

const seeds = Object.fromEntries(fs.readdirSync(examples).filter((f) => /^\d{3}_/.test(f)).map((f) => [f.slice(0, 3), f]));

(async () => {
  const cache = {};
  for (const [seed, line, element, want] of EXPECT) {
    cache[seed] = cache[seed] || (await tokenizeFile(path.join(examples, seeds[seed])));
    const tokens = cache[seed][line] || [];
    const wrong = [];
    for (const [text, scope] of want) {
      const t = tokens.find(([tt]) => tt === text);
      if (!t || t[1] !== scope) wrong.push(`${text}: ${t ? t[1] : 'no such token'}`);
    }
    check(wrong.length === 0, `${seed} line ${line} ${element}: ${want.map(([t, s]) => `${t.trim()} → ${s}`).join(', ')}`, wrong);
  }
  // Header scoping stops at the banner; body text has no header scopes.
  const t000 = cache['000'];
  check(t000[27].every(([, , scopes]) => !scopes.includes('meta.header.cable')) &&
    t000[9].every(([, , scopes]) => scopes.includes('meta.header.cable')),
  'meta.header.cable spans the header and ends before the banner');
  check(t000[45].at(-1)[1] === 'text.cable' && t000[45].at(-1)[0].startsWith(' The GOI is backing away'),
    'paragraph text after the marker is plain text.cable', t000[45].at(-1));

  // Every seed tokenizes with each header element found once at least.
  for (const [seed, file] of Object.entries(seeds)) {
    const all = (cache[seed] || (await tokenizeFile(path.join(examples, file)))).filter(Boolean).flat().map(([, s]) => s);
    const need = ['keyword.other.transmission-id', 'keyword.other.de', 'constant.numeric.dtg', 'storage.type.classification',
      'keyword.other.tags', 'keyword.other.subject', 'keyword.operator.paragraph-marker', 'variable.other.person.signature']
      .map((s) => s + C);
    const missing = need.filter((s) => !all.includes(s));
    check(missing.length === 0, `seed ${file}: transmission id, DE, DTG, banner, TAGS, SUBJECT, paragraph markers and signature all scoped`, missing);
  }

  // Language configuration: the word pattern keeps names and codes whole.
  const langConf = JSON.parse(fs.readFileSync(path.join(ext, 'language-configuration.json'), 'utf8'));
  const word = new RegExp(langConf.wordPattern, 'g');
  const words = "FM D'Alema told RUEHRO; De Cardona's ¶3. Sant'Egidio O'Neill".match(word);
  check(JSON.stringify(words) === JSON.stringify(['FM', "D'Alema", 'told', 'RUEHRO', 'De', "Cardona's", '¶3', "Sant'Egidio", "O'Neill"]),
    "wordPattern keeps D'Alema, RUEHRO, Cardona's, ¶3 whole", words);
  const start = new RegExp(langConf.folding.markers.start);
  const end = new RegExp(langConf.folding.markers.end);
  check(start.test('BEGIN TEXT:') && start.test('¶2. (C) Begin text:') && end.test('END TEXT.') && !start.test('END TEXT.'),
    'folding markers: BEGIN TEXT … END TEXT');

  // The firstLine pattern (package.json) and the extension's content check.
  const pkg = JSON.parse(fs.readFileSync(path.join(ext, 'package.json'), 'utf8'));
  const lang = pkg.contributes.languages.find((l) => l.id === 'cable');
  const firstLine = new RegExp(lang.firstLine);
  const yes = ['VZCZCXRO9950', 'C O N F I D E N T I A L ROME 000104', 'S E C R E T SECTION 01 OF 03 STATE 068250',
    'UNCLAS SECTION 01 OF 02 MADRID 001731', 'O 141513Z SEP 05', 'P R 011706Z JUL 09', 'CONFIDENTIAL SECTION 01 of 03 KUWAIT 000128'];
  const no = ['Dear colleague,', '# Notes', 'SECRETARY CLINTON', 'Unclassified notes'];
  check(yes.every((l) => firstLine.test(l)) && !no.some((l) => firstLine.test(l)),
    'firstLine matches VZCZC, banners, UNCLAS and DTG lines, not prose',
    { missed: yes.filter((l) => !firstLine.test(l)), wrong: no.filter((l) => firstLine.test(l)) });
  check(lang.extensions.includes('.cable') && pkg.contributes.grammars[0].scopeName === 'text.cable',
    'language cable: *.cable, grammar text.cable');

  // Semantic token scopes: one entry for each type of the server's legend.
  const src = fs.readFileSync(path.join(repo, 'src/ide/semantic_tokens.rs'), 'utf8');
  const nameFn = src.slice(src.indexOf('pub fn name(self)'), src.indexOf('pub fn legend_index'));
  const legend = [...nameFn.matchAll(/=> "([A-Za-z]+)"/g)].map((m) => m[1]);
  const scopes = pkg.contributes.semanticTokenScopes.find((s) => s.language === 'cable').scopes;
  const grammarScopes = new Set();
  JSON.stringify(JSON.parse(fs.readFileSync(grammarPath, 'utf8')), (k, v) => {
    if (k === 'name' && typeof v === 'string') grammarScopes.add(v);
    return v;
  });
  const unmapped = legend.filter((t) => !scopes[t]);
  // Each mapped scope is one of the grammar's, or (keyword.other.cable) the
  // common stem of several.
  const stem = (s) => s.replace(/\.cable$/, '');
  const foreign = Object.values(scopes).flat()
    .filter((s) => ![...grammarScopes].some((g) => g === s || stem(g).startsWith(stem(s) + '.')));
  check(legend.length === 11 && unmapped.length === 0 && foreign.length === 0,
    `semanticTokenScopes map all ${legend.length} server token types (${legend.join(', ')}) to the grammar's own scopes`,
    { legend, unmapped, foreign });

  // Settings mirrored from the server's configuration (src/model/config.rs).
  const config = fs.readFileSync(path.join(repo, 'src/model/config.rs'), 'utf8');
  // Keys of ConfigPatch; a field of type `Option<XPatch>` is a nested section.
  const keys = (struct, prefix) => {
    const body = config.slice(config.indexOf(`pub struct ${struct} {`));
    return [...body.slice(0, body.indexOf('}')).matchAll(/pub (\w+): Option<(\w+)/g)].flatMap(([, field, type]) => {
      const key = prefix + field.replace(/_(\w)/g, (_, c) => c.toUpperCase());
      return type.endsWith('Patch') ? keys(type, key + '.') : [key];
    });
  };
  const serverKeys = keys('ConfigPatch', '').sort();
  const clientOnly = ['server.path', 'detectByContent', 'trace.server'];
  const extKeys = Object.keys(pkg.contributes.configuration.properties).map((k) => k.replace(/^cableLs\./, ''))
    .filter((k) => !clientOnly.includes(k)).sort();
  check(JSON.stringify(serverKeys) === JSON.stringify(extKeys),
    `settings mirror the server's: ${serverKeys.join(', ')}`, { server: serverKeys, extension: extKeys });

  process.exit(failures ? 1 : 0);
})().catch((e) => {
  check(false, 'grammar tests ran', e.message);
  process.exit(1);
});
