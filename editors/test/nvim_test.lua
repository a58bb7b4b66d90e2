-- Headless Neovim end to end: the plugin in editors/nvim, set up as the
-- README shows, against cable-ls on a temporary workspace of the seed cables.
--
--   nvim --headless --clean -l nvim_test.lua PLUGIN_DIR WORKSPACE
--
-- `cable-ls` must be on PATH. CABLE_LS_NVIM_LEGACY=1 hides vim.lsp.config and
-- vim.lsp.enable first, so the Neovim 0.8-0.10 path (vim.lsp.start) runs.
-- Prints one `ok - ...` / `not ok - ...` line per check; exits non-zero on failure.
local plugin_dir, ws = arg[1], arg[2]
local legacy = os.getenv('CABLE_LS_NVIM_LEGACY') == '1'
local tag = legacy and 'nvim (vim.lsp.start path)' or 'nvim'
local failures = 0

local function out(s)
  io.stdout:write(s .. '\n')
  io.stdout:flush()
end
local function check(ok, name, got)
  if not ok then
    failures = failures + 1
  end
  out(string.format('%s - %s: %s%s', ok and 'ok' or 'not ok', tag, name, (not ok and got ~= nil) and (' (got ' .. vim.inspect(got):gsub('\n%s*', ' ') .. ')') or ''))
end
local function finish()
  vim.cmd(failures == 0 and 'qall!' or 'cquit! 1')
end

if legacy then
  vim.lsp.config = nil
  vim.lsp.enable = nil
end

-- The README's plain setup.
vim.opt.runtimepath:prepend(plugin_dir)
vim.cmd('syntax on')
require('cable_ls').setup({
  settings = { diagnostics = { disabled = { 'P002' } } },
})

-- People counts as `cable-ls people` finds them on the workspace (run.sh).
local expect = vim.json.decode(table.concat(vim.fn.readfile(os.getenv('CABLE_LS_EXPECT')), '\n'))

local v = vim.version()
out(string.format('# nvim %d.%d.%d%s', v.major, v.minor, v.patch, legacy and ' (legacy path)' or ''))

local seed = ws .. '/000_2fe200cbb93dc52e.txt'
vim.cmd('edit ' .. vim.fn.fnameescape(seed))
local bufnr = vim.api.nvim_get_current_buf()
check(vim.bo[bufnr].filetype == 'cable', '.txt seed detected as filetype cable by content', vim.bo[bufnr].filetype)

local function clients(buf)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = buf, name = 'cable_ls' })
  end
  return vim.lsp.get_active_clients({ bufnr = buf, name = 'cable_ls' })
end

local attached = vim.wait(15000, function()
  local c = clients(bufnr)[1]
  return c ~= nil and c.initialized == true
end, 20)
check(attached, 'client cable_ls attached and initialized')
if not attached then
  return finish()
end
local client = clients(bufnr)[1]

-- Status notification (cableLs/status) after indexing.
local cl = require('cable_ls')
vim.wait(15000, function()
  return cl.last_status ~= nil and cl.last_status.state == 'ready'
end, 20)
check(cl.status() == expect.status, 'cableLs/status notification: status() == "' .. expect.status .. '"', cl.status())

local td = { uri = vim.uri_from_bufnr(bufnr) }
local function request(method, params)
  local res, err = vim.lsp.buf_request_sync(bufnr, method, params, 10000)
  if not res then
    return nil, err
  end
  for _, r in pairs(res) do
    if r.result ~= nil then
      return r.result
    end
    if r.err then
      return nil, r.err
    end
  end
end

-- Outline.
local syms = request('textDocument/documentSymbol', { textDocument = td }) or {}
local root = syms[1] or {}
check(#syms == 1 and root.name == '08ROME104 — KOSOVO: ITALIANS MAY NOT SEEK TO DELAY COORDINATED DECLARATION OF INDEPENDENCE',
  'outline root "08ROME104 — KOSOVO: ITALIANS MAY NOT SEEK TO DELAY COORDINATED DECLARATION OF INDEPENDENCE"', root.name)
local function names(list)
  local t = {}
  for _, s in ipairs(list or {}) do
    table.insert(t, s.name)
  end
  return t
end
local children = names(root.children)
check(vim.deep_equal(children, {
  'Transmission', 'Addressees', 'Captions',
  '¶1 (C) The GOI is backing away from…',
  '¶2 (C) However, on January 24, Raimondo De…',
  '¶3 (C) De Cardona noted that one positive…',
  'Signature',
}), 'outline children: Transmission, Addressees, Captions, ¶1 (C) The GOI is backing away from…, ¶2 …, ¶3 …, Signature', children)
local transmission = names(((root.children or {})[1] or {}).children)
check(vim.deep_equal(transmission, { 'Transmission id', 'Routing', 'DE', 'ZNY', 'DTG', 'FM' }),
  'outline Transmission: Transmission id, Routing, DE, ZNY, DTG, FM', transmission)
local captions = names(((root.children or {})[3] or {}).children)
check(vim.deep_equal(captions, { 'E.O.', 'TAGS', 'SUBJECT', 'REF', 'Classified By' }),
  'outline Captions: E.O., TAGS, SUBJECT, REF, Classified By', captions)

-- Hovers (0-based positions).
local function hover(line, character)
  local h = request('textDocument/hover', { textDocument = td, position = { line = line, character = character } })
  return h and h.contents and h.contents.value
end
local h = hover(34, 8)
check(h == '**PREL** · subject tag\n\nExternal political relations',
  'hover on TAGS code PREL: "**PREL** · subject tag / External political relations"', h)
h = hover(34, 28)
check(h == '**SR** · geographic tag\n\nSerbia (State Department TAGS code; FIPS 10-4 uses RI)',
  'hover on TAGS code SR: "**SR** · geographic tag / Serbia (State Department TAGS code; FIPS 10-4 uses RI)"', h)
h = hover(4, 4)
check(h == '**RUEHRO** · routing indicator\n\nAMEMBASSY ROME', 'hover on routing indicator RUEHRO (DE line): "AMEMBASSY ROME"', h)
h = hover(3, 4)
check(h == '**RUEHFL** · routing indicator\n\nAMCONSUL FLORENCE', 'hover on routing indicator RUEHFL (routing line): "AMCONSUL FLORENCE"', h)
h = hover(6, 5)
check(h == '**241223Z JAN 08** · date-time group\n\nThu 24 Jan 2008 12:23 UTC', 'hover on the DTG: "Thu 24 Jan 2008 12:23 UTC"', h)

-- Diagnostics, with P002 disabled through the settings.
local want_diags = {
  '34:6 T005 TAGS code written as a Markdown link `[PREL](#)`; expected `PREL`',
  '34:16 T005 TAGS code written as a Markdown link `[PGOV](#)`; expected `PGOV`',
  '34:26 T005 TAGS code written as a Markdown link `[SR](#)`; expected `SR`',
  '34:34 T005 TAGS code written as a Markdown link `[KV](#)`; expected `KV`',
}
local got_diags = {}
vim.wait(10000, function()
  got_diags = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(got_diags, string.format('%d:%d %s %s', d.lnum, d.col, tostring(d.code), d.message))
  end
  table.sort(got_diags, function(a, b)
    local la, ca = a:match('^(%d+):(%d+)')
    local lb, cb = b:match('^(%d+):(%d+)')
    return tonumber(la) * 1000 + tonumber(ca) < tonumber(lb) * 1000 + tonumber(cb)
  end)
  return vim.deep_equal(got_diags, want_diags)
end, 50)
check(vim.deep_equal(got_diags, want_diags), 'diagnostics: exactly the four T005 warnings on line 35 (P002 disabled by settings)', got_diags)
local sev = (vim.diagnostic.get(bufnr)[1] or {}).severity
check(sev == vim.diagnostic.severity.WARN, 'T005 is a warning', sev)

-- References of a person across files: Jonathan R. Cohen (Classified By).
local function where(locations)
  local t = {}
  for _, l in ipairs(locations or {}) do
    table.insert(t, string.format('%s:%d:%d', vim.fn.fnamemodify(vim.uri_to_fname(l.uri), ':t'), l.range.start.line, l.range.start.character))
  end
  table.sort(t)
  return t
end
local refs = where(request('textDocument/references', {
  textDocument = td, position = { line = 41, character = 20 }, context = { includeDeclaration = true },
}))
check(vim.deep_equal(refs, {
  '000_2fe200cbb93dc52e.txt:41:15', '002_7b060bb6257fa9c8.txt:37:29', '004_2f81a62bb2cdd743.cable:30:29',
}), 'references of Jonathan R. Cohen: 000 (41:15), 002 (37:29), 004 .cable (30:29)', refs)
local dalema = request('textDocument/references', {
  textDocument = td, position = { line = 44, character = 187 }, context = { includeDeclaration = true },
}) or {}
local files = {}
for _, l in ipairs(dalema) do
  files[vim.fn.fnamemodify(vim.uri_to_fname(l.uri), ':t')] = true
end
check(#dalema == expect.dalema.mentions and vim.tbl_count(files) == expect.dalema.files,
  string.format("references of D'Alema: %d places in %d files", expect.dalema.mentions, expect.dalema.files),
  { #dalema, vim.tbl_count(files) })

-- Code lens → client command cable-ls.showReferences → quickfix list.
local lens
vim.wait(10000, function()
  for _, l in ipairs(vim.lsp.codelens.get(bufnr)) do
    if l.command and l.command.title == '3 mentions in 3 files' then
      lens = l
    end
  end
  return lens ~= nil
end, 50)
check(lens ~= nil and lens.range.start.line == 41, 'code lens "3 mentions in 3 files" on line 42')
if lens then
  vim.fn.setqflist({}, 'r')
  vim.api.nvim_win_set_cursor(0, { 42, 20 })
  vim.lsp.codelens.run()
  vim.wait(3000, function()
    return #vim.fn.getqflist() == 3
  end, 20)
  local qf = {}
  for _, item in ipairs(vim.fn.getqflist()) do
    table.insert(qf, string.format('%s:%d:%d', vim.fn.fnamemodify(vim.fn.bufname(item.bufnr), ':t'), item.lnum, item.col))
  end
  table.sort(qf)
  check(vim.deep_equal(qf, { '000_2fe200cbb93dc52e.txt:42:16', '002_7b060bb6257fa9c8.txt:38:30', '004_2f81a62bb2cdd743.cable:31:30' }),
    'running the lens fills the quickfix list with the 3 mentions', qf)
  vim.cmd('cclose')
end

-- :CableLsPeople → cableLs/people in the quickfix list, most mentioned first.
vim.fn.setqflist({}, 'r')
vim.cmd('CableLsPeople')
vim.wait(5000, function()
  return #vim.fn.getqflist() > 0
end, 20)
local people = vim.fn.getqflist()
local first = people[1] and people[1].text
local f = expect.first
local want_first = string.format('%s%s: %d mention%s in %d cable%s', f.name, f.titles ~= '' and (' (' .. f.titles .. ')') or '',
  f.mentions, f.mentions == 1 and '' or 's', f.cables, f.cables == 1 and '' or 's')
check(#people == expect.people and first == want_first,
  string.format(':CableLsPeople lists %d people, first "%s"', expect.people, want_first), { #people, first })
vim.cmd('cclose')

-- Syntax highlighting (syntax/cable.vim), 1-based line and column.
vim.api.nvim_set_current_buf(bufnr)
local function syn(line, col)
  return vim.fn.synIDattr(vim.fn.synID(line, col, 1), 'name')
end
local expect_syn = {
  { 3, 1, 'cableTransmissionId', 'VZCZCXRO9950' },
  { 4, 1, 'cableProsign', 'OO' },
  { 4, 4, 'cableRoutingIndicator', 'RUEHFL' },
  { 5, 4, 'cableRoutingIndicator', 'RUEHRO' },
  { 5, 11, 'cableSerial', '#0104' },
  { 6, 5, 'cableSecurityLetters', 'CCCCC' },
  { 7, 3, 'cableDtg', '241223Z JAN 08' },
  { 9, 1, 'cableKeyword', 'TO' },
  { 9, 4, 'cableAddressRI', 'RUEHC' },
  { 9, 26, 'cablePrecedenceWord', 'IMMEDIATE' },
  { 27, 1, 'cableBanner', 'C O N F I D E N T I A L ROME 000104' },
  { 29, 1, 'cableCaption', 'SIPDIS' },
  { 33, 1, 'cableEo', 'E.O. 12958' },
  { 33, 19, 'cableDate', '01/31/2018' },
  { 35, 1, 'cableTagsKeyword', 'TAGS:' },
  { 35, 8, 'cableTag', 'PREL' },
  { 37, 12, 'cableSubject', 'SUBJECT text' },
  { 40, 9, 'cableRefId', 'ROME 94' },
  { 43, 14, 'cableReason', '1.4 (b) and (d)' },
  { 45, 1, 'cableParagraphMarker', '11.' },
  { 45, 5, 'cablePortion', '(C)' },
  { 50, 1, 'cableSignature', 'SPOGLI' },
}
local bad = {}
for _, e in ipairs(expect_syn) do
  local got = syn(e[1], e[2])
  if got ~= e[3] then
    table.insert(bad, string.format('%s at %d:%d is %s', e[4], e[1], e[2], got))
  end
end
check(#bad == 0, 'syntax/cable.vim groups for ' .. #expect_syn .. ' header, caption and body elements', bad)

-- The .cable file: detected by extension, served by the same client.
vim.cmd('edit ' .. vim.fn.fnameescape(ws .. '/004_2f81a62bb2cdd743.cable'))
local buf2 = vim.api.nvim_get_current_buf()
check(vim.bo[buf2].filetype == 'cable', '*.cable detected as filetype cable', vim.bo[buf2].filetype)
local same = vim.wait(10000, function()
  local c = clients(buf2)[1]
  return c ~= nil and c.id == client.id
end, 20)
check(same, 'the .cable file attaches to the same cable_ls client')

-- Workspace diagnostics, turned on from the editor: a cable never opened
-- gets its diagnostics in a buffer of its own, as in any problems list.
client.settings = { diagnostics = { disabled = { 'P002' }, workspace = true } }
client.notify('workspace/didChangeConfiguration', { settings = client.settings })
local closed = vim.fn.bufadd(ws .. '/001_d1f1339951ffc235.txt')
local function closed_diags()
  local t = {}
  for _, d in ipairs(vim.diagnostic.get(closed)) do
    table.insert(t, string.format('%d:%s', d.lnum, tostring(d.code)))
  end
  table.sort(t, function(a, b)
    return tonumber(a:match('^%d+')) < tonumber(b:match('^%d+')) or (a:match('^%d+') == b:match('^%d+') and a < b)
  end)
  return t
end
local want_closed = { '2:H001', '16:H011', '52:T005', '52:T005', '52:T005', '52:T005', '52:T005', '52:T005', '69:P006' }
vim.wait(15000, function()
  return vim.deep_equal(closed_diags(), want_closed)
end, 50)
check(vim.deep_equal(closed_diags(), want_closed), 'workspace diagnostics: the never-opened 001 cable gets its 9 (P002 still disabled)', closed_diags())
check(not vim.api.nvim_buf_is_loaded(closed), 'the cable stays unloaded: its diagnostics came from the server alone')

-- A plain text file stays text.
local note = vim.fn.tempname() .. '.txt'
vim.fn.writefile({ 'Dear colleague,', 'the meeting is at noon.' }, note)
vim.cmd('edit ' .. vim.fn.fnameescape(note))
check(vim.bo.filetype == 'text', 'a .txt note that is not a cable stays filetype text', vim.bo.filetype)

finish()
