#!/usr/bin/env python3
"""Writes a hospital-style list of N invented people as CSV (UTF-8, ';'), for the import
benchmark (docs/benchmarks.md, Import): python3 make_list.py 1000000 > list.csv"""
import random
import sys

SURNAMES = ["Иванов", "Серіков", "Ахметов", "Ким", "Петров", "Оспанов", "Смирнов", "Жуков",
            "Қасымов", "Нұрланов", "Сейткали", "Әбенов", "Байжанов", "Кузнецов", "Есенов",
            "Тоқаев", "Омаров", "Ли", "Цой", "Мусин", "Жақсылықов", "Ғабитов", "Попов", "Волков"]
GIVEN_M = ["Иван", "Ерлан", "Дәурен", "Виктор", "Олег", "Нұрлан", "Пётр", "Асхат", "Марат",
           "Қайрат", "Бауыржан", "Сергей", "Алексей", "Ерболат", "Тимур", "Руслан"]
GIVEN_F = ["Анна", "Айгүл", "Гүлнар", "Ольга", "Дана", "Сауле", "Мария", "Әсел", "Жанар",
           "Елена", "Динара", "Айжан"]
STATUS = ["госпитализирован", "задержан", "погиб", "жив", "пропал без вести", "", "ауруханада"]


def main():
    n = int(sys.argv[1])
    rnd = random.Random(8)
    out = sys.stdout
    out.write("№;Фамилия;Имя;Отчество;Дата рождения;Пол;Статус;Место;Примечание\n")
    for i in range(n):
        female = rnd.random() < 0.5
        surname = rnd.choice(SURNAMES)
        if female and not surname.endswith(("и", "ли", "Ли", "Цой", "Ким")):
            surname += "а"
        given = rnd.choice(GIVEN_F if female else GIVEN_M)
        father = rnd.choice(GIVEN_M)
        patronymic = father + ("овна" if female else "ович")
        birth = f"{rnd.randint(1, 28):02}.{rnd.randint(1, 12):02}.{rnd.randint(1930, 2020)}"
        note = "\"палата 3;\nкойка 2\"" if i % 97 == 0 else ""
        out.write(f"H-{i};{surname};{given};{patronymic};{birth};{'Ж' if female else 'М'};"
                  f"{rnd.choice(STATUS)};Больница №{i % 53};{note}\n")


if __name__ == "__main__":
    main()
