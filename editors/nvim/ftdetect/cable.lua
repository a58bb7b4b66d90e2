-- Filetype `cable`: *.cable, and .txt or extensionless files whose first
-- lines look like a cable; setup({ detect_content = false }) narrows it to
-- *.cable. Loaded by path, so that detection does not load the plugin.
local root = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h:h')
dofile(root .. '/lua/cable_ls/detect.lua').filetype(true)
