"""The pages of the web app, one module per part of it."""
