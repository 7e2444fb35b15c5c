"""The portal's views, one module per area: pages, accounts, dashboards, invitations."""
