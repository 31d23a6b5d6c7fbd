user_id = get(1)
item_id = get(2)
