"""Smallest useful Typer app: the start-up floor that `kpi --help` is compared with."""

import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    """Greet NAME (the command only exists so that --help has something to show)."""
    typer.echo(f"hello {name}")


if __name__ == "__main__":
    app()
