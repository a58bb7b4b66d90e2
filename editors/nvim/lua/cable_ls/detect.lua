-- Filetype detection for cables, without dependencies: ftdetect/cable.lua
-- loads this file directly, so detection does not load the plugin.

local M = {}

-- A line that starts a cable: a transmission id, a classification banner, a
-- precedence and date-time group, or a TAGS/SUBJECT caption.
local CABLE_LINES = {
  '^%s*VZCZC[%u%d][%u%d][%u%d]',
  '^%s*C O N F I D E N T I A L',
  '^%s*S E C R E T',
  '^%s*T O P +S E C R E T',
  '^%s*U N C L A S',
  '^%s*UNCLAS',
  '^%s*CONFIDENTIAL%f[^%w]',
  '^%s*SECRET%f[^%w]',
  '^%s*TOP SECRET%f[^%w]',
  '^%s*[ZOPR] %d%d%d%d%d%dZ %u%u%u %d%d',
  '^%s*[ZOPR] [ZOPR] %d%d%d%d%d%dZ %u%u%u %d%d',
  '^%s*TAGS:',
  '^%s*SUBJECT:',
}

--- Does a file starting with these lines look like a cable? Looks at the
--- first eight non-blank lines.
function M.looks_like_cable(lines)
  local seen = 0
  for _, line in ipairs(lines) do
    if line:find('%S') then
      for _, pat in ipairs(CABLE_LINES) do
        if line:find(pat) then
          return true
        end
      end
      seen = seen + 1
      if seen >= 8 then
        return false
      end
    end
  end
  return false
end

local function buffer_looks_like_cable(bufnr)
  if not bufnr or not vim.api.nvim_buf_is_valid(bufnr) then
    return false
  end
  return M.looks_like_cable(vim.api.nvim_buf_get_lines(bufnr, 0, 80, false))
end

--- Registers the filetype `cable`: `*.cable`, and, when `by_content`, `.txt`
--- and extensionless files whose first lines look like a cable.
function M.filetype(by_content)
  vim.filetype.add({
    extension = {
      cable = 'cable',
      txt = function(_, bufnr)
        if by_content and buffer_looks_like_cable(bufnr) then
          return 'cable'
        end
        return 'text'
      end,
    },
    pattern = {
      -- Last resort, for files nothing else recognised.
      ['.*'] = {
        function(_, bufnr)
          if by_content and buffer_looks_like_cable(bufnr) then
            return 'cable'
          end
        end,
        { priority = -math.huge },
      },
    },
  })
end

return M
