"""The member account: approved members pay on account by signing with BankID at the kiosk."""
