-- Neovim 0.11+: with this plugin on the runtimepath, `vim.lsp.enable('cable_ls')`
-- alone starts cable-ls for cable files (setup() does it for you).
return require('cable_ls').client_config()
