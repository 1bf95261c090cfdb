"""The backoffice web app's shell: templates, language, navigation, sign-in and account pages.
How a later feature adds a page: docs/backoffice-web.md."""
