from shop.cli import main

print("shop", main())
