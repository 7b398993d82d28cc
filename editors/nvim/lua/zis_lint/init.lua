-- Starts the zis-lint language server for JSON buffers. The server itself tells ZIS bundles from
-- other JSON, so every JSON buffer is attached and only bundles get diagnostics.
--
--   require("zis_lint").setup({})
--
-- Works on Neovim 0.7 and later: vim.lsp.start (0.8+) where it exists, else the older
-- start_client/buf_attach_client pair with one client per root folder.

local M = {}

local INSTALL_HINT = "Install it with `cargo install --locked --path .` from a clone of the zis-lint "
  .. "repository (the binary lands in ~/.cargo/bin, which must be on PATH), or pass "
  .. "`cmd = { '/path/to/zis-lint', 'server' }` to require('zis_lint').setup()."

M.defaults = {
  cmd = { "zis-lint", "server" },
  filetypes = { "json", "jsonc" },
  -- The nearest folder holding one of these is the workspace root; the server reads zis-lint.json there.
  root_markers = { "zis-lint.json", ".git" },
  -- Passed on to the client as they are (capabilities, on_attach, handlers, ...).
  client = {},
}

local config = M.defaults
-- Neovim 0.7 only: client ids by root folder, so that buffers of one project share a server.
local clients_by_root = {}
local warned_missing = false

--- The nearest folder above `path` (a file) holding one of the root markers, else the file's folder.
function M.root_dir(path, markers)
  local dir = vim.fn.fnamemodify(path, ":p:h")
  local start = dir
  while true do
    for _, marker in ipairs(markers or config.root_markers) do
      if vim.loop.fs_stat(dir .. "/" .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then
      return start
    end
    dir = parent
  end
end

local function missing_binary()
  if warned_missing then
    return
  end
  warned_missing = true
  vim.notify(
    string.format("zis-lint: `%s` was not found or is not executable. %s", config.cmd[1], INSTALL_HINT),
    vim.log.levels.ERROR
  )
end

local function start_legacy(client_config, bufnr)
  local id = clients_by_root[client_config.root_dir]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client(client_config)
    if not id then
      return nil
    end
    clients_by_root[client_config.root_dir] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

-- What Neovim 0.10 and later do themselves in a buffer a client attaches to: `<C-x><C-o>`
-- completes through the server and `K` shows its hover. Neither replaces a value or a mapping of
-- the user's own.
local function set_buffer_defaults(bufnr)
  if vim.bo[bufnr].omnifunc == "" then
    vim.bo[bufnr].omnifunc = "v:lua.vim.lsp.omnifunc"
  end
  if vim.fn.has("nvim-0.10") == 1 then
    return
  end
  -- maparg sees the current buffer's mappings.
  local mapped = vim.api.nvim_buf_call(bufnr, function()
    return vim.fn.maparg("K", "n") ~= ""
  end)
  if not mapped then
    vim.api.nvim_buf_set_keymap(bufnr, "n", "K", "<Cmd>lua vim.lsp.buf.hover()<CR>", { noremap = true, silent = true })
  end
end

--- Attaches buffer `bufnr` to a zis-lint server for its root folder, starting one if needed.
function M.start(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  if vim.fn.executable(config.cmd[1]) ~= 1 then
    missing_binary()
    return nil
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  -- Unnamed buffers have no folder: they go to a server for the current directory.
  local root = name ~= "" and M.root_dir(name) or vim.fn.getcwd()
  local on_attach = config.client.on_attach
  local client_config = vim.tbl_extend("force", config.client, {
    on_attach = function(client, attached)
      set_buffer_defaults(attached)
      if on_attach then
        on_attach(client, attached)
      end
    end,
    name = "zis-lint",
    cmd = config.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
  })
  if vim.lsp.start then
    return vim.lsp.start(client_config, { bufnr = bufnr })
  end
  return start_legacy(client_config, bufnr)
end

function M.setup(opts)
  -- Shallow: a list given in opts replaces the default list instead of being merged into it.
  config = vim.tbl_extend("force", M.defaults, opts or {})
  warned_missing = false
  local group = vim.api.nvim_create_augroup("zis_lint", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      M.start(args.buf)
    end,
  })
  -- Buffers opened before setup ran (a plugin manager that loads this lazily).
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
      M.start(bufnr)
    end
  end
end

return M
