-- Headless Neovim test of editors/nvim: the module starts `zis-lint server` for JSON buffers, the
-- tutorial bundle gets its diagnostics, completion offers event types (asked directly, and through
-- <C-x><C-o> as a user asks), and `K` shows the hover.
--
-- Run through tests/editors/nvim/run.sh NVIM, or by hand:
--   ZIS_LINT_REPO=$PWD PATH=$PWD/target/debug:$PATH nvim --headless --clean -c "luafile tests/editors/nvim/test.lua"
-- Ends with "N passed, N failed"; exits non-zero on a failure.

local repo = assert(os.getenv("ZIS_LINT_REPO"), "set ZIS_LINT_REPO to the repository root")
local tutorial = (os.getenv("ZIS_CORPUS") or (repo .. "/../shared/corpus")) .. "/tutorial/post_tickets_to_webhook_bundle.json"
local TIMEOUT = 30000

vim.opt.runtimepath:prepend(repo .. "/editors/nvim")
vim.cmd("filetype on")
-- Insert mode and completion would print "-- INSERT --" and "match 1 of 63" among the results.
vim.o.showmode = false
vim.opt.shortmess:append("c")

local passed, failed = 0, 0
local function out(line)
  io.stdout:write(line .. "\n")
end

local function check(name, fn)
  local ok, err = pcall(fn)
  if ok then
    passed = passed + 1
    out("ok - " .. name)
  else
    failed = failed + 1
    out("not ok - " .. name .. "\n    " .. tostring(err):gsub("\n", "\n    "))
  end
end

local function read(path)
  local file = assert(io.open(path, "rb"))
  local text = file:read("*a")
  file:close()
  return text
end

local function write(path, text)
  vim.fn.mkdir(vim.fn.fnamemodify(path, ":h"), "p")
  local file = assert(io.open(path, "wb"))
  file:write(text)
  file:close()
end

local function clients()
  local found = {}
  -- get_active_clients takes no filter before 0.8.
  for _, client in ipairs((vim.lsp.get_clients or vim.lsp.get_active_clients)()) do
    if client.name == "zis-lint" then
      table.insert(found, client)
    end
  end
  return found
end

local function stop_all()
  for _, client in ipairs(clients()) do
    vim.lsp.stop_client(client.id, true)
  end
  vim.wait(TIMEOUT, function()
    return #clients() == 0
  end, 50)
end

local function codes(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(list, d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code))
  end
  table.sort(list)
  return list
end

-- Opens `path` and waits until the server has published diagnostics for it.
local function open_and_wait(path)
  vim.cmd("edit " .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  local ok = vim.wait(TIMEOUT, function()
    return #vim.diagnostic.get(bufnr) > 0
  end, 50)
  assert(ok, "no diagnostics for " .. path .. " within " .. TIMEOUT .. " ms")
  return bufnr
end

local function assert_tutorial_codes(bufnr)
  local got = table.concat(codes(bufnr), " ")
  assert(got == "ZIS202 ZIS404 ZIS404", "codes: " .. got)
end

local project = vim.fn.tempname()
local bundle = project .. "/bundles/post_tickets_to_webhook_bundle.json"
write(project .. "/zis-lint.json", '{ "rules": {} }\n')
write(bundle, read(tutorial))
write(project .. "/bundles/package.json", '{ "name": "not-a-bundle", "version": "1.0.0" }\n')

out("# Neovim " .. tostring(vim.version().major) .. "." .. vim.version().minor .. "." .. vim.version().patch)

check("the root is the nearest folder with zis-lint.json", function()
  local root = require("zis_lint").root_dir(bundle)
  assert(root == project, root)
end)

local bundle_buf, other_buf
check("the tutorial bundle gets ZIS202, ZIS404, ZIS404", function()
  require("zis_lint").setup({})
  -- Other JSON first: by the time the bundle's diagnostics arrive, the server has handled it.
  vim.cmd("edit " .. vim.fn.fnameescape(project .. "/bundles/package.json"))
  other_buf = vim.api.nvim_get_current_buf()
  bundle_buf = open_and_wait(bundle)
  assert_tutorial_codes(bundle_buf)
  local attached = clients()
  assert(#attached == 1, #attached .. " clients")
  assert(attached[1].config.root_dir == project, attached[1].config.root_dir)
end)

-- Where the bundle's event type value starts: its row (0-based) and the byte column (0-based)
-- just after its opening quote.
local function event_type_value(bufnr)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local s, e = line:find('"event_type": "', 1, true)
    if s then
      return i - 1, e
    end
  end
  error("no event_type in the bundle")
end

-- The text of the floating windows open now.
local function floats()
  local text = {}
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= "" then
      table.insert(text, table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false), "\n"))
    end
  end
  return text
end

check('completion after "event_type": " offers ticket.TicketCreated', function()
  assert(bundle_buf, "no bundle buffer")
  local client = assert(clients()[1], "no client")
  assert(client.server_capabilities.completionProvider, "the server does not offer completion")
  vim.api.nvim_set_current_buf(bundle_buf)
  local row, col = event_type_value(bundle_buf)
  local params = { textDocument = { uri = vim.uri_from_bufnr(bundle_buf) }, position = { line = row, character = col } }
  local responses = assert(vim.lsp.buf_request_sync(bundle_buf, "textDocument/completion", params, TIMEOUT))
  local labels = {}
  for _, response in pairs(responses) do
    assert(not response.err, vim.inspect(response.err))
    local items = response.result and (response.result.items or response.result) or {}
    for _, item in ipairs(items) do
      if item.label == "ticket.TicketCreated" then
        return
      end
      table.insert(labels, item.label)
    end
  end
  error("ticket.TicketCreated not offered; got: " .. table.concat(labels, ", "))
end)

-- As a user completes: <C-x><C-o> in Insert mode, answered through 'omnifunc' (set by the module
-- before Neovim 0.8, by Neovim itself after), and the menu's entries read when it opens.
check("<C-x><C-o> after \"event_type\": \" offers ticket.TicketCreated", function()
  assert(bundle_buf, "no bundle buffer")
  vim.api.nvim_set_current_buf(bundle_buf)
  assert(vim.bo.omnifunc == "v:lua.vim.lsp.omnifunc", "omnifunc is " .. vim.inspect(vim.bo.omnifunc))
  local before = vim.api.nvim_buf_get_lines(bundle_buf, 0, -1, false)
  local row, col = event_type_value(bundle_buf)
  vim.api.nvim_win_set_cursor(0, { row + 1, col })
  local words
  local group = vim.api.nvim_create_augroup("zis_lint_test", { clear = true })
  local function leave(keys)
    vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(keys, true, false, true), "n", false)
  end
  vim.api.nvim_create_autocmd("CompleteChanged", {
    group = group,
    once = true,
    callback = function()
      words = {}
      for _, item in ipairs(vim.fn.complete_info({ "items" }).items) do
        table.insert(words, item.word)
      end
      -- Closes the menu without inserting anything, then leaves Insert mode.
      vim.schedule(function()
        leave("<C-e><Esc>")
      end)
    end,
  })
  local timer = vim.defer_fn(function()
    leave("<Esc>")
  end, TIMEOUT)
  -- "x!": runs the keys and stays in Insert mode, handling events (the server's answer among
  -- them) until the callback above or the timer leaves it.
  vim.fn.feedkeys(vim.api.nvim_replace_termcodes("i<C-x><C-o>", true, false, true), "x!")
  timer:stop()
  vim.api.nvim_del_augroup_by_id(group)
  assert(words, "no completion menu within " .. TIMEOUT .. " ms")
  local offered = table.concat(words, " ")
  assert(offered:find("ticket.TicketCreated", 1, true), "offered: " .. offered)
  assert(vim.deep_equal(vim.api.nvim_buf_get_lines(bundle_buf, 0, -1, false), before), "the buffer changed")
end)

check("K on an event type shows what the event is", function()
  assert(bundle_buf, "no bundle buffer")
  vim.api.nvim_set_current_buf(bundle_buf)
  local row, col = event_type_value(bundle_buf)
  vim.api.nvim_win_set_cursor(0, { row + 1, col + 2 })
  assert(#floats() == 0, vim.inspect(floats()))
  vim.fn.feedkeys("K", "x")
  local shown = vim.wait(TIMEOUT, function()
    return #floats() > 0
  end, 50)
  assert(shown, "no hover within " .. TIMEOUT .. " ms")
  local text = table.concat(floats(), "\n")
  assert(text:find("ticket.TicketCreated", 1, true), text)
  assert(text:find("A new ticket was created.", 1, true), text)
  -- Closes the hover: it would be in the way of the checks that follow.
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= "" then
      vim.api.nvim_win_close(win, true)
    end
  end
end)

check("other JSON shares the server and gets no diagnostics", function()
  assert(other_buf, "no buffer")
  local client = assert(clients()[1], "no client")
  assert(vim.lsp.buf_is_attached(other_buf, client.id), "not attached")
  assert(#vim.diagnostic.get(other_buf) == 0, vim.inspect(vim.diagnostic.get(other_buf)))
end)

check("a missing binary is reported with how to install it", function()
  stop_all()
  local messages = {}
  local notify = vim.notify
  vim.notify = function(message, level)
    table.insert(messages, { message = message, level = level })
  end
  require("zis_lint").setup({ cmd = { project .. "/no/zis-lint", "server" } })
  vim.cmd("enew")
  vim.bo.filetype = "json"
  vim.notify = notify
  assert(#messages == 1, vim.inspect(messages))
  assert(messages[1].level == vim.log.levels.ERROR, vim.inspect(messages))
  assert(messages[1].message:find("cargo install --locked --path .", 1, true), messages[1].message)
  assert(#clients() == 0, "a client was started")
end)

-- The README's configuration for Neovim 0.11+ without this module, run as written.
if vim.lsp.config then
  check("README: vim.lsp.config / vim.lsp.enable", function()
    stop_all()
    vim.api.nvim_del_augroup_by_name("zis_lint")
    local readme = read(repo .. "/editors/nvim/README.md")
    local snippet = readme:match("<!%-%- tested: native %-%->%s*```lua\n(.-)```")
    assert(snippet, "snippet not found in editors/nvim/README.md")
    assert(loadstring(snippet))()
    vim.cmd("bwipeout! " .. bundle_buf)
    assert_tutorial_codes(open_and_wait(bundle))
  end)
end

stop_all()
out(string.format("%d passed, %d failed", passed, failed))
vim.cmd(failed == 0 and "qall!" or "cquit")
