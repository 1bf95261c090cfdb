from byabutik.cli import main

main()
