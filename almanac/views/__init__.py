"""Views: domain results as records (machine formats), labelled details and press lines."""
