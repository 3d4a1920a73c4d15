// run page (filled in later)
