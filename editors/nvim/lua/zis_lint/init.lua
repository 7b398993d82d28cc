-- Starts the zis-lint language server for JSON buffers. The server itself tells ZIS bundles from
-- other JSON, so every JSON buffer is attached and only bundles get diagnostics. Each flow gets the
-- server's code lenses, "Show graph" and "Run with a sample event" (`vim.lsp.codelens.run()` on
-- the flow's line), which show their answer in a scratch buffer.
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
  -- Shows the code lenses of bundles, refreshed on entering the buffer and after edits.
  codelens = true,
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

local function refresh_lenses(bufnr)
  -- Neovim before 0.10 refreshes the current buffer, which is `bufnr` in the autocommands below.
  vim.lsp.codelens.refresh({ bufnr = bufnr })
end

local function show_lenses(client, bufnr)
  if not config.codelens or not client.server_capabilities.codeLensProvider then
    return
  end
  refresh_lenses(bufnr)
  local group = vim.api.nvim_create_augroup("zis_lint_lenses_" .. bufnr, { clear = true })
  vim.api.nvim_create_autocmd({ "BufEnter", "InsertLeave", "TextChanged" }, {
    group = group,
    buffer = bufnr,
    callback = function(args)
      refresh_lenses(args.buf)
    end,
  })
end

--- Shows `text` in the scratch buffer named `name`, in a window of its own: read-only, never
--- written, gone when its window closes. An answer shown again replaces the buffer's text.
local function show_scratch(name, text, filetype)
  local bufnr
  for _, existing in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_get_name(existing) == name then
      bufnr = existing
    end
  end
  if not bufnr then
    bufnr = vim.api.nvim_create_buf(false, true)
    vim.api.nvim_buf_set_name(bufnr, name)
    vim.bo[bufnr].bufhidden = "wipe"
  end
  vim.bo[bufnr].modifiable = true
  vim.api.nvim_buf_set_lines(bufnr, 0, -1, false, vim.split(text:gsub("\n$", ""), "\n", { plain = true }))
  vim.bo[bufnr].modifiable = false
  vim.bo[bufnr].filetype = filetype
  local win = vim.fn.bufwinid(bufnr)
  if win == -1 then
    vim.cmd("botright vsplit")
    win = vim.api.nvim_get_current_win()
    vim.api.nvim_win_set_buf(win, bufnr)
  end
  vim.api.nvim_set_current_win(win)
end

--- The scratch buffer's name for what a lens shows (`graph`, `run`) of a flow: the flow and its
--- file, as two bundles may each have a flow of the same name.
local function scratch_name(what, arguments)
  local uri, flow = arguments[1], arguments[2]
  return string.format("zis-lint://%s/%s (%s)", what, flow, vim.fn.fnamemodify(vim.uri_to_fname(uri), ":t"))
end

-- What each lens command shows of the server's answer. Neovim would send the server's command
-- itself and drop its answer: the client runs these instead, which send it and show the answer.
local LENS_COMMANDS = {
  ["zis-lint.showGraph"] = function(arguments, mermaid)
    show_scratch(scratch_name("graph", arguments), mermaid, "mermaid")
  end,
  ["zis-lint.runFlow"] = function(arguments, run)
    show_scratch(scratch_name("run", arguments), run.text, "")
  end,
}

local function lens_commands()
  local commands = {}
  for name, show in pairs(LENS_COMMANDS) do
    commands[name] = function(command, ctx)
      local client = vim.lsp.get_client_by_id(ctx.client_id)
      if not client then
        return
      end
      local params = { command = command.command, arguments = command.arguments }
      client.request("workspace/executeCommand", params, function(err, answer)
        if err then
          vim.notify("zis-lint: " .. err.message, vim.log.levels.ERROR)
        elseif answer == nil or answer == vim.NIL then
          vim.notify("zis-lint: the document has no flow named " .. command.arguments[2] .. " any more.", vim.log.levels.WARN)
        else
          show(command.arguments, answer)
        end
      end, ctx.bufnr)
    end
  end
  return commands
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
    -- The user's own commands of the same names win.
    commands = vim.tbl_extend("force", lens_commands(), config.client.commands or {}),
    on_attach = function(client, attached)
      set_buffer_defaults(attached)
      show_lenses(client, attached)
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
