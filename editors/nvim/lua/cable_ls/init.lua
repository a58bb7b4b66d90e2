-- cable-ls for Neovim: filetype detection, the language client and the
-- commands the server's protocol extensions make possible.
--
--   require('cable_ls').setup({ settings = { diagnostics = { disabled = { 'T005' } } } })
--
-- Neovim 0.11+ uses vim.lsp.config + vim.lsp.enable; 0.8-0.10 start the
-- client with vim.lsp.start from a FileType autocommand.

local M = {}

local NAME = 'cable_ls'

--- Options of setup(); every key optional.
M.defaults = {
  --- The server command.
  cmd = { 'cable-ls', 'serve' },
  --- Server settings, as in .cable-ls.toml: include, exclude, maxFileBytes,
  --- diagnostics = { enable, disabled, workspace }. Sent as initializationOptions and
  --- workspace/didChangeConfiguration; keys set here override the file's.
  settings = {},
  --- Files marking the workspace root; without one, the file's folder.
  root_markers = { '.cable-ls.toml', '.git' },
  --- Open .txt and extensionless files whose first lines look like a cable
  --- as cables.
  detect_content = true,
  --- Show the server's code lenses (people references) and refresh them.
  codelens = true,
  --- Extra client capabilities (e.g. from a completion plugin).
  capabilities = nil,
  --- Called with (client, bufnr) when the client attaches to a buffer.
  on_attach = nil,
}

M.options = vim.deepcopy(M.defaults)

--- The last `cableLs/status` of the server: state, files, cables, people, mentions.
M.last_status = nil

local detect = require('cable_ls.detect')

--- Does a file starting with these lines look like a cable? Looks at the
--- first eight non-blank lines.
M.looks_like_cable = detect.looks_like_cable

--- Registers the filetype `cable`: `*.cable`, and, unless detect_content is
--- false, `.txt` and extensionless files whose first lines look like a cable.
function M.filetype()
  detect.filetype(M.options.detect_content)
end

local function root_dir_of(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' then
    return vim.fn.getcwd()
  end
  local dir = vim.fs.dirname(name)
  local marker = vim.fs.find(M.options.root_markers, { upward = true, path = dir })[1]
  return marker and vim.fs.dirname(marker) or dir
end

local function plural(n, word, words)
  return string.format('%d %s', n, n == 1 and word or (words or word .. 's'))
end

--- A short status for a statusline: "5 cables · 14 people", "indexing", or ""
--- when the server has not said anything yet.
function M.status()
  local s = M.last_status
  if not s then
    return ''
  end
  if s.state == 'indexing' then
    return 'cable-ls: indexing'
  end
  return string.format('%s · %s', plural(s.cables, 'cable'), plural(s.people, 'person', 'people'))
end

local function refresh_codelens(bufnr)
  if not vim.api.nvim_buf_is_loaded(bufnr) then
    return
  end
  if vim.fn.has('nvim-0.10') == 1 then
    vim.lsp.codelens.refresh({ bufnr = bufnr })
  elseif vim.api.nvim_get_current_buf() == bufnr then
    vim.lsp.codelens.refresh()
  end
end

-- `cableLs/status`: remember it for status(), tell the statusline, and, as
-- Neovim does not support workspace/codeLens/refresh, refresh the lenses
-- once the index is rebuilt (their counts come from it).
local function on_status(_, params, ctx)
  M.last_status = params
  if M.options.codelens and params and params.state == 'ready' and ctx then
    local client = vim.lsp.get_client_by_id(ctx.client_id)
    for buf in pairs(client and client.attached_buffers or {}) do
      refresh_codelens(buf)
    end
  end
  pcall(vim.api.nvim_exec_autocmds, 'User', { pattern = 'CableLsStatus', modeline = false, data = params })
  pcall(vim.cmd, 'redrawstatus')
end

--- The code lenses' command: lists the places in the quickfix list.
local function show_references(command, ctx)
  local args = command.arguments or {}
  local locations = args[3] or {}
  local client = vim.lsp.get_client_by_id and vim.lsp.get_client_by_id(ctx.client_id)
  local encoding = client and client.offset_encoding or 'utf-16'
  local items = vim.lsp.util.locations_to_items(locations, encoding)
  vim.fn.setqflist({}, ' ', { title = command.title or 'cable-ls references', items = items })
  if #items > 0 then
    vim.cmd('botright copen')
  else
    vim.notify('cable-ls: no references', vim.log.levels.INFO)
  end
end

-- Client methods are called with `:` from Neovim 0.11 on (`.` is deprecated).
local function request(client, method, params, handler)
  if vim.fn.has('nvim-0.11') == 1 then
    return client:request(method, params, handler)
  end
  return client.request(method, params, handler)
end

local function stop(client)
  if vim.fn.has('nvim-0.11') == 1 then
    return client:stop()
  end
  return client.stop()
end

local function get_clients(filter)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients(filter)
  end
  return vim.lsp.get_active_clients(filter) -- Neovim < 0.10
end

local function client_of(bufnr)
  return get_clients({ name = NAME, bufnr = bufnr })[1] or get_clients({ name = NAME })[1]
end

local function on_attach(client, bufnr)
  if M.options.codelens and client.server_capabilities.codeLensProvider then
    local group = vim.api.nvim_create_augroup('cable_ls_codelens_' .. bufnr, { clear = true })
    vim.api.nvim_create_autocmd({ 'BufEnter', 'InsertLeave', 'BufWritePost' }, {
      group = group,
      buffer = bufnr,
      callback = function()
        refresh_codelens(bufnr)
      end,
    })
    refresh_codelens(bufnr)
  end
  if M.options.on_attach then
    M.options.on_attach(client, bufnr)
  end
end

--- The client configuration (also what `lsp/cable_ls.lua` returns for
--- `vim.lsp.enable('cable_ls')` alone on Neovim 0.11+).
function M.client_config()
  local settings = M.options.settings or {}
  local has_settings = next(settings) ~= nil
  return {
    cmd = M.options.cmd,
    filetypes = { 'cable' },
    root_markers = M.options.root_markers,
    root_dir = function(bufnr, on_dir)
      on_dir(root_dir_of(bufnr))
    end,
    init_options = has_settings and settings or nil,
    settings = has_settings and settings or nil,
    capabilities = M.options.capabilities,
    commands = { ['cable-ls.showReferences'] = show_references },
    handlers = { ['cableLs/status'] = on_status },
    on_attach = on_attach,
  }
end

local function start_legacy(bufnr)
  local config = M.client_config()
  config.name = NAME
  config.root_dir = root_dir_of(bufnr)
  config.root_markers = nil
  vim.lsp.start(config, { bufnr = bufnr })
end

--- The people of the workspace (cableLs/people), most mentioned first, in the
--- quickfix list; `query` filters by name.
function M.people(query)
  local client = client_of(vim.api.nvim_get_current_buf())
  if not client then
    vim.notify('cable-ls: no server running', vim.log.levels.WARN)
    return
  end
  local params = { query = (query and query ~= '') and query or nil }
  request(client, 'cableLs/people', params, function(err, result)
    if err then
      vim.notify('cable-ls: ' .. tostring(err.message or err), vim.log.levels.ERROR)
      return
    end
    local items = {}
    for _, p in ipairs(result or {}) do
      local text = string.format(
        '%s%s: %s in %s',
        p.name,
        (#(p.titles or {}) > 0) and (' (' .. table.concat(p.titles, '; ') .. ')') or '',
        plural(p.mentions, 'mention'),
        plural(p.cables, 'cable')
      )
      local item = { text = text }
      if p.location and p.location ~= vim.NIL then
        local loc = vim.lsp.util.locations_to_items({ p.location }, client.offset_encoding)[1]
        item = vim.tbl_extend('force', loc, { text = text })
      end
      table.insert(items, item)
    end
    vim.fn.setqflist({}, ' ', { title = 'cable-ls people', items = items })
    vim.cmd('botright copen')
  end)
end

function M.restart()
  for _, client in ipairs(get_clients({ name = NAME })) do
    stop(client)
  end
  vim.defer_fn(function()
    if vim.lsp.config and vim.lsp.enable then
      vim.lsp.enable(NAME, false)
      vim.lsp.enable(NAME)
      for _, buf in ipairs(vim.api.nvim_list_bufs()) do
        if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == 'cable' then
          vim.api.nvim_exec_autocmds('FileType', { buffer = buf, modeline = false })
        end
      end
    else
      for _, buf in ipairs(vim.api.nvim_list_bufs()) do
        if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == 'cable' then
          start_legacy(buf)
        end
      end
    end
  end, 500)
end

local function user_commands()
  vim.api.nvim_create_user_command('CableLsRestart', M.restart, { desc = 'Restart the cable-ls server' })
  vim.api.nvim_create_user_command('CableLsPeople', function(opts)
    M.people(opts.args)
  end, { nargs = '?', desc = 'List the people of the workspace cables in the quickfix list' })
  vim.api.nvim_create_user_command('CableLsStatus', function()
    local client = client_of(vim.api.nvim_get_current_buf())
    if not client then
      print('cable-ls: not running')
      return
    end
    request(client, 'cableLs/status', nil, function(_, s)
      if s then
        M.last_status = s
        print(string.format(
          'cable-ls %s: %s, %s, %s, %s',
          s.state,
          plural(s.files, 'file'),
          plural(s.cables, 'cable'),
          plural(s.people, 'person', 'people'),
          plural(s.mentions, 'mention')
        ))
      end
    end)
  end, { desc = 'Show what the cable-ls index holds' })
end

--- Sets everything up. `opts` overrides M.defaults key by key.
function M.setup(opts)
  if vim.fn.has('nvim-0.8') == 0 then
    vim.notify('cable-ls: Neovim 0.8 or later is needed', vim.log.levels.ERROR)
    return
  end
  M.options = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
  -- Lists replace, not merge.
  if opts and opts.cmd then
    M.options.cmd = opts.cmd
  end
  if opts and opts.root_markers then
    M.options.root_markers = opts.root_markers
  end
  M.filetype()
  user_commands()
  if vim.lsp.config and vim.lsp.enable then
    vim.lsp.config(NAME, M.client_config())
    vim.lsp.enable(NAME)
  else
    local group = vim.api.nvim_create_augroup('cable_ls', { clear = true })
    vim.api.nvim_create_autocmd('FileType', {
      group = group,
      pattern = 'cable',
      callback = function(args)
        start_legacy(args.buf)
      end,
    })
    for _, buf in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == 'cable' then
        start_legacy(buf)
      end
    end
  end
end

return M
