"""Messages of Django and of the libraries that people meet on the portal, for the Thai catalogue.

Django's Thai translations leave many of these out (or word them awkwardly), and django-axes
and django-filter have no Thai at all. Listing the messages in these modules lets
`make messages` keep them in portal/locale, whose translations take precedence over Django's.
Nothing imports these modules: they exist to be read by makemessages.

- accounts: password validators, the login form, form errors (the portal's own pages).
- accounts_admin: contrib.auth in the admin (user pages, password forms).
- admin_pages: the admin's pages, messages and content types.
- forms: forms, model validation, pagination, the CSRF failure page.
- libraries: django-axes and django-filter.
"""
