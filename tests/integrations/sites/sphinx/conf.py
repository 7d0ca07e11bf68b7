# The example site of docs/integrations/sphinx.md. The tests pick the theme with -D html_theme=...
project = "Keeper's Handbook"
extensions = ["scry_search.sphinx"]
html_theme = "alabaster"
exclude_patterns = ["_build"]

scry_placeholder = "Search the handbook"
scry_exclude = ["reference/*"]
scry_weights = {"title": 8, "heading": 3, "body": 1}
